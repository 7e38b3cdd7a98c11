#pragma once

#include <QList>
#include <QWidget>

class QAbstractItemModel;
class QHBoxLayout;
class QLabel;

// A row of coloured lights, one per component of a HealthModel: the at-a-glance view of the stack
// that the table below it explains in detail. It only reads the model, so it follows any change.
class HealthLights : public QWidget {
    Q_OBJECT

public:
    explicit HealthLights(QWidget* parent = nullptr);

    void setModel(QAbstractItemModel* model);

    // For tests and screenshots: the state key ("up", "down", ...) each light currently shows.
    QStringList stateKeys() const;

private:
    struct Light {
        QWidget* frame = nullptr;
        QLabel* dot = nullptr;
        QLabel* name = nullptr;
        QLabel* state = nullptr;
    };

    void sync();
    Light makeLight();

    QAbstractItemModel* m_model = nullptr;
    QHBoxLayout* m_layout;
    QLabel* m_placeholder;
    QList<Light> m_lights;
};
