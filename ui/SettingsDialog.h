#pragma once

#include "MerchantSigner.h"

#include <QDialog>
#include <QUrl>

class QComboBox;
class QLineEdit;
class QRadioButton;

// What the console remembers between runs (QSettings): which backend, which language, and merchant
// credentials for signed actions against a remote backend.
struct ConsoleSettings {
    bool remote = false;
    QUrl remoteUrl;
    QString remoteToken;
    QString language;
    MerchantCredentials merchant;

    static ConsoleSettings load();
    void save() const;
};

class SettingsDialog : public QDialog {
    Q_OBJECT

public:
    explicit SettingsDialog(const ConsoleSettings& settings, QWidget* parent = nullptr);

    ConsoleSettings settings() const;

    void accept() override;

private:
    void updateEnabled();

    QRadioButton* m_local;
    QRadioButton* m_remote;
    QLineEdit* m_url;
    QLineEdit* m_token;
    QComboBox* m_language;
    QLineEdit* m_merchantId;
    QLineEdit* m_apiKey;
    QLineEdit* m_secret;
};
