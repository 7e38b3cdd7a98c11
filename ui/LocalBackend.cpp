#include "LocalBackend.h"

#include "Apis.h"
#include "BackendClient.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <QStandardPaths>
#include <QTimer>

namespace {

constexpr int PollIntervalMs = 500;
constexpr int TokenAttempts = 20;
constexpr qsizetype MaxOutputChars = 20000;

}  // namespace

LocalBackend::LocalBackend(BackendClient* client, QString dataDir, QObject* parent)
    : QObject(parent),
      m_client(client),
      m_dataDir(std::move(dataDir)),
      m_poll(new QTimer(this)),
      m_deadline(new QTimer(this)) {
    m_poll->setInterval(PollIntervalMs);
    m_poll->setSingleShot(true);
    connect(m_poll, &QTimer::timeout, this, &LocalBackend::pollReady);
    m_deadline->setSingleShot(true);
    connect(m_deadline, &QTimer::timeout, this, [this]() {
        if (m_state == State::Starting) {
            fail(tr("The local backend did not become ready in time."));
        }
    });
}

LocalBackend::~LocalBackend() {
    // Last resort (the console normally calls stop() and waits for stopped()): never leave a child.
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(3000)) {
            m_process->kill();
            m_process->waitForFinished(1000);
        }
    }
}

QString LocalBackend::defaultDataDir() {
    // The same variable paydeskd reads, so a console and a backend started from one shell agree.
    const QString configured = qEnvironmentVariable("PAYDESK_DATA_DIR");
    if (!configured.isEmpty()) {
        return configured;
    }
    const QString xdg = qEnvironmentVariable("XDG_DATA_HOME");
    if (!xdg.isEmpty()) {
        return QDir(xdg).filePath(QStringLiteral("paydesk"));
    }
    return QDir::home().filePath(QStringLiteral(".local/share/paydesk"));
}

QString LocalBackend::findBinary() {
    const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("paydeskd"));
    if (QFileInfo(beside).isExecutable()) {
        return beside;
    }
    // A build tree keeps paydeskd in app/paydeskd next to app/paydesk.
    const QString sibling =
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../paydeskd/paydeskd"));
    if (QFileInfo(sibling).isExecutable()) {
        return QFileInfo(sibling).canonicalFilePath();
    }
    return QStandardPaths::findExecutable(QStringLiteral("paydeskd"));
}

void LocalBackend::start() {
    if (m_state == State::Probing || m_state == State::Starting || m_state == State::Ready) {
        return;
    }
    m_state = State::Probing;
    m_error.clear();
    m_phase = tr("looking for a running backend");
    Q_EMIT progress(m_phase);
    probe();
}

void LocalBackend::probe() {
    m_client->getJson(
        HealthApi::livePath(),
        [this](const BackendResponse& response) {
            if (response.ok() &&
                response.json.object().value(QStringLiteral("status")).toString() == QLatin1String("live")) {
                // Someone (an earlier console, the user) runs a backend here already: use it, never stop it.
                m_state = State::Starting;
                m_phase = tr("found a running backend");
                Q_EMIT progress(m_phase);
                m_deadline->start(m_readyTimeoutMs);
                pollReady();
            } else if (m_launchAllowed) {
                launch();
            } else {
                waitForRunning();
            }
        },
        this);
}

void LocalBackend::waitForRunning() {
    m_state = State::Starting;
    m_phase = tr("waiting for paydeskd to answer at %1").arg(m_client->baseUrl().toDisplayString());
    Q_EMIT progress(m_phase);
    m_deadline->start(m_readyTimeoutMs);
    m_poll->start();
}

void LocalBackend::launch() {
    if (m_binary.isEmpty()) {
        m_binary = findBinary();
    }
    if (m_binary.isEmpty()) {
        fail(tr("paydeskd was not found next to the console or in PATH."));
        return;
    }
    QDir().mkpath(m_dataDir);
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    const QUrl url = m_client->baseUrl();
    QStringList arguments{QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("--listen"),
                          QStringLiteral("%1:%2").arg(url.host()).arg(url.port(8080))};
    arguments += m_extraArguments;
    m_process->setProgram(m_binary);
    m_process->setArguments(arguments);
    // The backend goes when the console goes, however it goes (kill -9, a crash, logout): the
    // kernel sends it SIGTERM when its parent dies, and paydeskd then stops its servers.
    const pid_t console = ::getpid();
    m_process->setChildProcessModifier([console]() {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != console) ::_exit(127);  // the console died between fork and prctl
    });
    connect(m_process, &QProcess::readyRead, this, [this]() {
        m_output += QString::fromUtf8(m_process->readAll());
        if (m_output.size() > MaxOutputChars) {
            m_output = m_output.right(MaxOutputChars);
        }
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            fail(tr("Could not start %1: %2").arg(m_binary, m_process->errorString()));
        }
    });
    connect(m_process, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus) {
        if (m_state == State::Starting || m_state == State::Ready) {
            const QString tail = m_output.trimmed().right(400);
            fail(tr("The local backend exited with code %1. %2").arg(exitCode).arg(tail));
        }
        Q_EMIT stopped();
    });
    m_state = State::Starting;
    m_phase = tr("starting %1").arg(QFileInfo(m_binary).fileName());
    Q_EMIT progress(m_phase);
    m_process->start();
    m_deadline->start(m_readyTimeoutMs);
    m_poll->start();
}

void LocalBackend::pollReady() {
    if (m_state != State::Starting) {
        return;
    }
    m_client->getJson(
        HealthApi::readyPath(),
        [this](const BackendResponse& response) {
            if (m_state != State::Starting) {
                return;
            }
            const QJsonObject body = response.json.object();
            const QString status = body.value(QStringLiteral("status")).toString();
            if (!status.isEmpty() && status != QLatin1String("starting")) {
                // Ready, or degraded/unavailable but past startup: the console can connect and show it.
                m_deadline->stop();
                m_tokenAttempts = 0;
                readCredentials();
                return;
            }
            const QString phase = body.value(QStringLiteral("phase")).toString();
            const QString waiting = m_process ? tr("waiting for the backend to answer") : m_phase;
            const QString shown = phase.isEmpty() ? waiting : phase;
            if (shown != m_phase) {
                m_phase = shown;
                Q_EMIT progress(m_phase);
            }
            m_poll->start();
        },
        this);
}

void LocalBackend::readCredentials() {
    QFile file(QDir(m_dataDir).filePath(QStringLiteral("operator-token.json")));
    if (file.open(QIODevice::ReadOnly)) {
        m_token = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("token")).toString();
    }
    m_demo = MerchantCredentials::loadFile(QDir(m_dataDir).filePath(QStringLiteral("demo-credentials.json")));
    if (m_token.isEmpty() && ++m_tokenAttempts < TokenAttempts) {
        QTimer::singleShot(PollIntervalMs, this, &LocalBackend::readCredentials);
        return;
    }
    m_state = State::Ready;
    m_phase.clear();
    if (!m_token.isEmpty()) {
        m_client->setBearerToken(m_token);
    }
    Q_EMIT ready();
}

void LocalBackend::fail(const QString& message) {
    m_state = State::Failed;
    m_error = message;
    m_poll->stop();
    m_deadline->stop();
    Q_EMIT failed(message);
}

void LocalBackend::stop(int graceMs) {
    m_poll->stop();
    m_deadline->stop();
    if (!m_process || m_process->state() == QProcess::NotRunning) {
        m_state = State::Idle;
        QTimer::singleShot(0, this, &LocalBackend::stopped);
        return;
    }
    m_state = State::Idle;
    m_process->terminate();  // SIGTERM: paydeskd drains and stops its servers
    QTimer::singleShot(graceMs, m_process, [process = m_process]() {
        if (process->state() != QProcess::NotRunning) {
            process->kill();
        }
    });
}
