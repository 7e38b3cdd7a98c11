#include "SettingsDialog.h"

#include "BackendClient.h"
#include "Language.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QRadioButton>
#include <QSettings>
#include <QVBoxLayout>

#include <algorithm>

namespace {

constexpr QLatin1StringView RemoteKey{"backend/remote"};
constexpr QLatin1StringView UrlKey{"backend/url"};
constexpr QLatin1StringView TokenKey{"backend/token"};
constexpr QLatin1StringView MerchantKey{"merchant/id"};
constexpr QLatin1StringView ApiKeyKey{"merchant/apiKey"};
constexpr QLatin1StringView SecretKey{"merchant/secret"};

}  // namespace

ConsoleSettings ConsoleSettings::load() {
    const QSettings s{QStringLiteral("Paydesk"), QStringLiteral("paydesk")};
    ConsoleSettings c;
    c.remote = s.value(RemoteKey, false).toBool();
    c.remoteUrl = QUrl(s.value(UrlKey).toString());
    c.remoteToken = s.value(TokenKey).toString();
    c.language = s.value(Language::SettingsKey).toString();
    c.merchant.merchantId = s.value(MerchantKey).toString();
    c.merchant.apiKey = s.value(ApiKeyKey).toString();
    c.merchant.secret = s.value(SecretKey).toString();
    return c;
}

void ConsoleSettings::save() const {
    QSettings s{QStringLiteral("Paydesk"), QStringLiteral("paydesk")};
    s.setValue(RemoteKey, remote);
    s.setValue(UrlKey, remoteUrl.toString());
    s.setValue(TokenKey, remoteToken);
    s.setValue(Language::SettingsKey, language);
    s.setValue(MerchantKey, merchant.merchantId);
    s.setValue(ApiKeyKey, merchant.apiKey);
    s.setValue(SecretKey, merchant.secret);
}

SettingsDialog::SettingsDialog(const ConsoleSettings& settings, QWidget* parent)
    : QDialog(parent),
      m_local(new QRadioButton(tr("Local backend (started by the console, embedded stack)"), this)),
      m_remote(new QRadioButton(tr("Remote backend"), this)),
      m_url(new QLineEdit(settings.remoteUrl.toString(), this)),
      m_token(new QLineEdit(settings.remoteToken, this)),
      m_language(new QComboBox(this)),
      m_merchantId(new QLineEdit(settings.merchant.merchantId, this)),
      m_apiKey(new QLineEdit(settings.merchant.apiKey, this)),
      m_secret(new QLineEdit(settings.merchant.secret, this)) {
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    m_url->setObjectName(QStringLiteral("remoteUrl"));
    m_url->setPlaceholderText(BackendClient::defaultBaseUrl().toString());
    m_token->setObjectName(QStringLiteral("remoteToken"));
    m_token->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_secret->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    (settings.remote ? m_remote : m_local)->setChecked(true);
    for (const QString& code : Language::supported()) {
        m_language->addItem(Language::nativeName(code), code);
    }
    m_language->setCurrentIndex(std::max(0, m_language->findData(settings.language.isEmpty() ? Language::current()
                                                                                             : settings.language)));

    auto* backend = new QGroupBox(tr("Backend"), this);
    auto* backendForm = new QFormLayout(backend);
    backendForm->addRow(m_local);
    backendForm->addRow(m_remote);
    backendForm->addRow(tr("URL"), m_url);
    backendForm->addRow(tr("Operator token"), m_token);

    auto* merchant = new QGroupBox(tr("Merchant credentials for capture, refund and void"), this);
    auto* merchantForm = new QFormLayout(merchant);
    auto* note = new QLabel(tr("Merchant calls are signed with HMAC-SHA256. The local backend's demo merchant is "
                               "used automatically; for a remote backend enter a merchant's key here."),
                            merchant);
    note->setWordWrap(true);
    merchantForm->addRow(note);
    merchantForm->addRow(tr("Merchant id"), m_merchantId);
    merchantForm->addRow(tr("API key id"), m_apiKey);
    merchantForm->addRow(tr("Secret"), m_secret);

    auto* general = new QFormLayout;
    general->addRow(tr("Language"), m_language);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_remote, &QRadioButton::toggled, this, &SettingsDialog::updateEnabled);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(backend);
    layout->addLayout(general);
    layout->addWidget(merchant);
    layout->addWidget(buttons);
    updateEnabled();
    resize(560, sizeHint().height());
}

void SettingsDialog::updateEnabled() {
    m_url->setEnabled(m_remote->isChecked());
    m_token->setEnabled(m_remote->isChecked());
}

ConsoleSettings SettingsDialog::settings() const {
    ConsoleSettings c;
    c.remote = m_remote->isChecked();
    c.remoteUrl = QUrl::fromUserInput(m_url->text().trimmed());
    c.remoteToken = m_token->text().trimmed();
    c.language = m_language->currentData().toString();
    c.merchant.merchantId = m_merchantId->text().trimmed();
    c.merchant.apiKey = m_apiKey->text().trimmed();
    c.merchant.secret = m_secret->text();
    return c;
}

void SettingsDialog::accept() {
    const ConsoleSettings c = settings();
    if (c.remote && (!c.remoteUrl.isValid() || c.remoteUrl.host().isEmpty() ||
                     (c.remoteUrl.scheme() != QLatin1String("http") && c.remoteUrl.scheme() != QLatin1String("https")))) {
        QMessageBox::warning(this, tr("Settings"), tr("Enter a backend URL such as http://10.0.0.5:8080."));
        return;
    }
    QDialog::accept();
}
