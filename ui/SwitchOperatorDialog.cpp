#include "SwitchOperatorDialog.h"

#include "ui_SwitchOperatorDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>

namespace {

constexpr qint64 MaxIdentityFileBytes = 4096;

std::optional<OperatorIdentity> readIdentity(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > MaxIdentityFileBytes) {
        return std::nullopt;
    }
    const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
    OperatorIdentity identity{o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("role")).toString(),
                              o.value(QStringLiteral("token")).toString()};
    if (identity.name.isEmpty() || identity.token.isEmpty()) {
        return std::nullopt;
    }
    return identity;
}

}  // namespace

QList<OperatorIdentity> SwitchOperatorDialog::localIdentities(const QString& dataDir) {
    QList<OperatorIdentity> identities;
    if (dataDir.isEmpty()) {
        return identities;
    }
    const QDir dir(dataDir);
    QStringList files = dir.entryList({QStringLiteral("operator-*.json")}, QDir::Files, QDir::Name);
    files.removeAll(QStringLiteral("operator-token.json"));
    files.prepend(QStringLiteral("operator-token.json"));
    for (const QString& name : files) {
        if (const auto identity = readIdentity(dir.filePath(name))) {
            identities.append(*identity);
        }
    }
    return identities;
}

SwitchOperatorDialog::SwitchOperatorDialog(const QList<OperatorIdentity>& identities, const QString& currentName,
                                           QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::SwitchOperatorDialog>()), m_identities(identities) {
    m_ui->setupUi(this);
    for (const OperatorIdentity& identity : identities) {
        m_ui->operatorChoice->addItem(tr("%1 (%2) — local backend").arg(identity.name, identity.role));
        if (identity.name == currentName) {
            m_ui->operatorChoice->setCurrentIndex(m_ui->operatorChoice->count() - 1);
        }
    }
    m_ui->operatorChoice->addItem(tr("Paste a token…"));
    m_ui->hint->setText(
        identities.isEmpty()
            ? tr("No local identities: this console is not connected to a backend on this machine. Paste "
                 "an operator token your administrator gave you.")
            : tr("The local backend writes its operators into its data folder. A settlement batch or an "
                 "edited dead letter needs a second operator: switch to the other identity to act as "
                 "checker."));

    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->operatorChoice, &QComboBox::currentIndexChanged, this, &SwitchOperatorDialog::updateEnabled);
    connect(m_ui->operatorToken, &QLineEdit::textChanged, this, &SwitchOperatorDialog::updateEnabled);
    m_okButton = m_ui->buttons->button(QDialogButtonBox::Ok);
    updateEnabled();
}

SwitchOperatorDialog::~SwitchOperatorDialog() = default;

QString SwitchOperatorDialog::token() const {
    const int index = m_ui->operatorChoice->currentIndex();
    return index < m_identities.size() ? m_identities.at(index).token : m_ui->operatorToken->text().trimmed();
}

void SwitchOperatorDialog::updateEnabled() {
    const bool paste = m_ui->operatorChoice->currentIndex() >= m_identities.size();
    m_ui->operatorToken->setEnabled(paste);
    m_okButton->setEnabled(!token().isEmpty());
}
