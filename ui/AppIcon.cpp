#include "AppIcon.h"

#include <QImageReader>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

bool AppIcon::svgSupported() {
    return QImageReader::supportedImageFormats().contains(QByteArrayLiteral("svg"));
}

QIcon AppIcon::icon() {
    if (svgSupported()) {
        return QIcon(QString(ResourcePath));
    }
    QIcon icon;
    for (const int size : {16, 24, 32, 48, 64, 128, 256}) {
        icon.addPixmap(paint(size));
    }
    return icon;
}

QPixmap AppIcon::paint(int size) {
    // Mirrors resources/paydesk.svg, drawn on its 256x256 canvas and scaled. Keep the two in step.
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal scale = size / 256.0;
    p.scale(scale, scale);

    // Tile.
    QLinearGradient tile(0, 16, 0, 240);
    tile.setColorAt(0.0, QColor(0x23, 0x6f, 0xa8));
    tile.setColorAt(1.0, QColor(0x16, 0x4a, 0x73));
    p.setPen(Qt::NoPen);
    p.setBrush(tile);
    p.drawRoundedRect(QRectF(16, 16, 224, 224), 48, 48);

    // Back card, tilted behind the front one.
    p.save();
    p.translate(128, 120);
    p.rotate(-12);
    p.setBrush(QColor(0x8f, 0xc3, 0xea));
    p.drawRoundedRect(QRectF(-84, -58, 168, 108), 14, 14);
    p.restore();

    // Front card with magnetic stripe and chip.
    p.setBrush(QColor(0xff, 0xff, 0xff));
    p.drawRoundedRect(QRectF(44, 92, 168, 108), 14, 14);
    p.setBrush(QColor(0x1d, 0x2b, 0x3a));
    p.drawRect(QRectF(44, 112, 168, 22));
    p.setBrush(QColor(0xf2, 0xb7, 0x05));
    p.drawRoundedRect(QRectF(62, 148, 34, 26), 5, 5);
    p.setBrush(QColor(0xc9, 0xd3, 0xdd));
    p.drawRoundedRect(QRectF(110, 156, 80, 10), 5, 5);

    // Health light: the console watches the backend.
    p.setBrush(QColor(0xff, 0xff, 0xff));
    p.drawEllipse(QPointF(196, 196), 30, 30);
    p.setBrush(QColor(0x2e, 0x9d, 0x4f));
    p.drawEllipse(QPointF(196, 196), 22, 22);
    QPainterPath tick;
    tick.moveTo(185, 196);
    tick.lineTo(193, 204);
    tick.lineTo(208, 188);
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(0xff, 0xff, 0xff), 6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPath(tick);
    return pixmap;
}
