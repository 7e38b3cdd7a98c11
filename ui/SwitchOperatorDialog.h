#pragma once

#include <QDialog>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

class QPushButton;

namespace Ui {
class SwitchOperatorDialog;
}

// One operator identity a local paydeskd wrote into its data folder (operator-*.json, 0600).
struct OperatorIdentity {
    QString name;
    QString role;
    QString token;
};

// File → Switch operator…: pick one of the identities the local backend wrote, or paste a token.
// The token never appears on a command line or in the settings file.
class SwitchOperatorDialog : public QDialog {
    Q_OBJECT

public:
    SwitchOperatorDialog(const QList<OperatorIdentity>& identities, const QString& currentName,
                         QWidget* parent = nullptr);
    ~SwitchOperatorDialog() override;

    // operator-token.json (the local admin) first, then the other operator-*.json files by name.
    static QList<OperatorIdentity> localIdentities(const QString& dataDir);

    QString token() const;

private:
    void updateEnabled();

    // The static form (SwitchOperatorDialog.ui): hint, operator choice, token field, buttons.
    std::unique_ptr<Ui::SwitchOperatorDialog> m_ui;
    QList<OperatorIdentity> m_identities;
    QPushButton* m_okButton = nullptr;
};
