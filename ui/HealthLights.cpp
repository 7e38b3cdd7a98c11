#include "HealthLights.h"

#include "HealthModel.h"
#include "StatusColors.h"

#include <QAbstractItemModel>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace {
constexpr int DotDiameter = 22;
}

HealthLights::HealthLights(QWidget* parent)
    : QWidget(parent), m_layout(new QHBoxLayout(this)), m_placeholder(new QLabel(this)) {
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(12);
    m_placeholder->setObjectName(QStringLiteral("healthLightsPlaceholder"));
    m_layout->addWidget(m_placeholder);
    m_layout->addStretch(1);
    sync();
}

void HealthLights::setModel(QAbstractItemModel* model) {
    if (m_model != nullptr) {
        disconnect(m_model, nullptr, this, nullptr);
    }
    m_model = model;
    if (m_model != nullptr) {
        // Three or so lights: re-reading the whole model on any change is simpler than tracking ranges.
        connect(m_model, &QAbstractItemModel::modelReset, this, &HealthLights::sync);
        connect(m_model, &QAbstractItemModel::dataChanged, this, &HealthLights::sync);
        connect(m_model, &QAbstractItemModel::rowsInserted, this, &HealthLights::sync);
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, &HealthLights::sync);
        connect(m_model, &QAbstractItemModel::layoutChanged, this, &HealthLights::sync);
        connect(m_model, &QObject::destroyed, this, [this]() {
            m_model = nullptr;
            sync();
        });
    }
    sync();
}

QStringList HealthLights::stateKeys() const {
    QStringList keys;
    for (const Light& light : m_lights) {
        keys.append(light.frame->property("stateKey").toString());
    }
    return keys;
}

HealthLights::Light HealthLights::makeLight() {
    Light light;
    auto* frame = new QFrame(this);
    frame->setObjectName(QStringLiteral("healthLight"));
    frame->setFrameShape(QFrame::StyledPanel);
    auto* row = new QHBoxLayout(frame);
    row->setContentsMargins(10, 6, 14, 6);
    row->setSpacing(8);

    light.frame = frame;
    light.dot = new QLabel(frame);
    light.dot->setFixedSize(DotDiameter, DotDiameter);
    row->addWidget(light.dot, 0, Qt::AlignVCenter);

    auto* text = new QVBoxLayout;
    text->setSpacing(0);
    light.name = new QLabel(frame);
    QFont bold = light.name->font();
    bold.setBold(true);
    light.name->setFont(bold);
    light.state = new QLabel(frame);
    text->addWidget(light.name);
    text->addWidget(light.state);
    row->addLayout(text);
    return light;
}

void HealthLights::sync() {
    const int rows = m_model != nullptr ? m_model->rowCount() : 0;

    while (m_lights.size() > rows) {
        delete m_lights.takeLast().frame;
    }
    while (m_lights.size() < rows) {
        Light light = makeLight();
        // Keep the lights before the placeholder and the trailing stretch.
        m_layout->insertWidget(static_cast<int>(m_lights.size()), light.frame);
        m_lights.append(light);
    }

    m_placeholder->setVisible(rows == 0);
    m_placeholder->setText(tr("No component health reported yet"));

    for (int row = 0; row < rows; ++row) {
        const Light& light = m_lights.at(row);
        const QModelIndex nameIndex = m_model->index(row, HealthModel::ComponentColumn);
        const QModelIndex stateIndex = m_model->index(row, HealthModel::StateColumn);
        const QString stateKey = stateIndex.data(HealthModel::StateKeyRole).toString();
        const HealthState state = StatusColors::parse(stateKey);

        light.frame->setProperty("stateKey", stateKey);
        light.dot->setPixmap(StatusColors::dot(state, DotDiameter, devicePixelRatioF()));
        light.name->setText(nameIndex.data().toString());
        light.state->setText(stateIndex.data().toString());

        const QString endpoint = m_model->index(row, HealthModel::EndpointColumn).data().toString();
        const QString detail = m_model->index(row, HealthModel::DetailColumn).data().toString();
        QStringList tip;
        if (!endpoint.isEmpty()) {
            tip.append(endpoint);
        }
        if (!detail.isEmpty()) {
            tip.append(detail);
        }
        light.frame->setToolTip(tip.join(QLatin1Char('\n')));
    }
}
