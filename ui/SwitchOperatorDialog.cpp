#include "SwitchOperatorDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFormLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

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
    : QDialog(parent),
      m_identities(identities),
      m_choice(new QComboBox(this)),
      m_token(new QLineEdit(this)),
      m_hint(new QLabel(this)) {
    setObjectName(QStringLiteral("switchOperatorDialog"));
    setWindowTitle(tr("Switch operator"));
    m_choice->setObjectName(QStringLiteral("operatorChoice"));
    m_token->setObjectName(QStringLiteral("operatorToken"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("operator bearer token"));
    m_hint->setWordWrap(true);
    for (const OperatorIdentity& identity : identities) {
        m_choice->addItem(tr("%1 (%2) — local backend").arg(identity.name, identity.role));
        if (identity.name == currentName) {
            m_choice->setCurrentIndex(m_choice->count() - 1);
        }
    }
    m_choice->addItem(tr("Paste a token…"));
    m_hint->setText(identities.isEmpty()
                        ? tr("No local identities: this console is not connected to a backend on this machine. Paste "
                             "an operator token your administrator gave you.")
                        : tr("The local backend writes its operators into its data folder. A settlement batch or an "
                             "edited dead letter needs a second operator: switch to the other identity to act as "
                             "checker."));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* form = new QFormLayout;
    form->addRow(tr("Operator"), m_choice);
    form->addRow(tr("Token"), m_token);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_hint);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_choice, &QComboBox::currentIndexChanged, this, &SwitchOperatorDialog::updateEnabled);
    connect(m_token, &QLineEdit::textChanged, this, &SwitchOperatorDialog::updateEnabled);
    m_okButton = buttons->button(QDialogButtonBox::Ok);
    updateEnabled();
}

QString SwitchOperatorDialog::token() const {
    const int index = m_choice->currentIndex();
    return index < m_identities.size() ? m_identities.at(index).token : m_token->text().trimmed();
}

void SwitchOperatorDialog::updateEnabled() {
    const bool paste = m_choice->currentIndex() >= m_identities.size();
    m_token->setEnabled(paste);
    m_okButton->setEnabled(!token().isEmpty());
}
