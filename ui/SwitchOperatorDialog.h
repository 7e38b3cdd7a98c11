#pragma once

#include <QDialog>
#include <QList>
#include <QString>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

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

    // operator-token.json (the local admin) first, then the other operator-*.json files by name.
    static QList<OperatorIdentity> localIdentities(const QString& dataDir);

    QString token() const;

private:
    void updateEnabled();

    QList<OperatorIdentity> m_identities;
    QComboBox* m_choice;
    QLineEdit* m_token;
    QLabel* m_hint;
    QPushButton* m_okButton = nullptr;
};
