#pragma once

#include <QIcon>
#include <QString>

// The Paydesk application icon (resources/paydesk.svg, embedded at :/paydesk/paydesk.svg).
class AppIcon {
public:
    static constexpr QLatin1StringView ResourcePath{":/paydesk/paydesk.svg"};

    // The SVG when Qt can render SVG; otherwise the same design painted with QPainter. Qt's SVG
    // support is a plugin in a separate Debian package (libqt6svg6) that a minimal system may lack,
    // and a window without an icon looks broken in the task bar.
    static QIcon icon();

    static bool svgSupported();

    // The painted rendition alone, at one size (for the fallback and for tests).
    static QPixmap paint(int size);
};
