#pragma once

#include <QColor>
#include <QIcon>
#include <QPixmap>
#include <QString>

// The health of one component, or of the backend as a whole, as the console shows it.
enum class HealthState { Up, Degraded, Down, Unknown };

// One place for the traffic-light colours so every panel shows a state the same way.
class StatusColors {
public:
    // Parses the backend's component state ("up", "degraded", "down") and overall status ("ready",
    // "degraded", "unavailable"); anything else is Unknown rather than a guess.
    static HealthState parse(const QString& state);

    static QColor color(HealthState state);

    // A filled circle of the state's colour; diameter in device-independent pixels.
    static QPixmap dot(HealthState state, int diameter, qreal devicePixelRatio = 1.0);
    static QIcon dotIcon(HealthState state);
};
