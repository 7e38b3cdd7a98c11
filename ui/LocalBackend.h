#pragma once

#include "MerchantSigner.h"

#include <QObject>
#include <QProcess>
#include <QString>
#include <QUrl>

#include <optional>

class BackendClient;
class QTimer;

// The console's own backend: with no configuration, `paydesk` looks for a paydeskd already answering
// GET /health/live on the default URL and otherwise starts one (the binary next to its own executable,
// else in PATH) with the embedded stack in the per-user data folder. It polls /health/ready while the
// backend starts (reporting its `phase`), then reads DIR/operator-token.json and
// DIR/demo-credentials.json. Everything is asynchronous: signals and timers, never a blocking wait.
class LocalBackend : public QObject {
    Q_OBJECT

public:
    enum class State { Idle, Probing, Starting, Ready, Failed };
    Q_ENUM(State)

    LocalBackend(BackendClient* client, QString dataDir, QObject* parent = nullptr);
    ~LocalBackend() override;

    // $PAYDESK_DATA_DIR, else $XDG_DATA_HOME/paydesk, else ~/.local/share/paydesk: the folder
    // paydeskd uses by default.
    static QString defaultDataDir();
    // paydeskd next to this executable, else in PATH; empty when there is none.
    static QString findBinary();

    void setBinary(const QString& path) { m_binary = path; }
    void setExtraArguments(const QStringList& arguments) { m_extraArguments = arguments; }
    void setReadyTimeoutMs(int ms) { m_readyTimeoutMs = ms; }
    // false: never start paydeskd, wait for one to answer at the URL (someone else starts it, e.g.
    // scripts/paydesk.sh run) and connect with the identities it wrote into the data folder.
    void setLaunchAllowed(bool allowed) { m_launchAllowed = allowed; }

    State state() const { return m_state; }
    bool startedByUs() const { return m_process != nullptr; }
    QString dataDir() const { return m_dataDir; }
    QString phase() const { return m_phase; }
    QString errorText() const { return m_error; }
    QString token() const { return m_token; }
    std::optional<MerchantCredentials> demoCredentials() const { return m_demo; }
    QString processOutput() const { return m_output; }

public Q_SLOTS:
    void start();
    // SIGTERM; after graceMs a SIGKILL. Emits stopped() when the process is gone (at once when it was
    // not started by the console).
    void stop(int graceMs = 30000);

Q_SIGNALS:
    void progress(const QString& phase);
    void ready();
    void failed(const QString& message);
    void stopped();

private:
    void probe();
    void launch();
    void waitForRunning();
    void pollReady();
    void readCredentials();
    void fail(const QString& message);

    BackendClient* m_client;
    QString m_dataDir;
    QString m_binary;
    QStringList m_extraArguments;
    QProcess* m_process = nullptr;
    QTimer* m_poll;
    QTimer* m_deadline;
    State m_state = State::Idle;
    QString m_phase;
    QString m_error;
    QString m_token;
    QString m_output;
    std::optional<MerchantCredentials> m_demo;
    int m_readyTimeoutMs = 300000;
    int m_tokenAttempts = 0;
    bool m_launchAllowed = true;
};
