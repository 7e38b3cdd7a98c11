#include "StatusColors.h"

#include <QPainter>

#include <cmath>

HealthState StatusColors::parse(const QString& state) {
    const QString s = state.trimmed().toLower();
    if (s == QLatin1String("up") || s == QLatin1String("ready")) {
        return HealthState::Up;
    }
    if (s == QLatin1String("degraded")) {
        return HealthState::Degraded;
    }
    if (s == QLatin1String("down") || s == QLatin1String("unavailable")) {
        return HealthState::Down;
    }
    return HealthState::Unknown;
}

QColor StatusColors::color(HealthState state) {
    // Darker than pure traffic-light colours so they stay legible on light and dark themes.
    switch (state) {
        case HealthState::Up:
            return QColor(0x2e, 0x9d, 0x4f);
        case HealthState::Degraded:
            return QColor(0xf0, 0xa2, 0x02);
        case HealthState::Down:
            return QColor(0xd3, 0x2f, 0x2f);
        case HealthState::Unknown:
            break;
    }
    return QColor(0x9e, 0x9e, 0x9e);
}

QPixmap StatusColors::dot(HealthState state, int diameter, qreal devicePixelRatio) {
    const int side = static_cast<int>(std::ceil(diameter * devicePixelRatio));
    QPixmap pixmap(side, side);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);

    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor fill = color(state);
    painter.setPen(QPen(fill.darker(130), 1.0));
    painter.setBrush(fill);
    const qreal inset = 1.0;
    painter.drawEllipse(QRectF(inset, inset, diameter - 2 * inset, diameter - 2 * inset));
    return pixmap;
}

QIcon StatusColors::dotIcon(HealthState state) {
    QIcon icon;
    for (const int size : {12, 16, 24, 32}) {
        icon.addPixmap(dot(state, size));
    }
    return icon;
}
