<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>BackendClient</name>
    <message>
        <source>Connection refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host not found: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer within %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backend sent a response that is not valid JSON: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP status %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConsoleOptions</name>
    <message>
        <source>Paydesk operator console: watch and run the Paydesk payments backend.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL of the paydeskd backend (default: $%1, else %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>url</source>
        <extracomment>Value name in --help. Keep it ASCII: Qt lines up the columns by character count.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator bearer token (default: $%1; prefer the variable, command lines are visible to other users).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>token</source>
        <extracomment>Value name in --help. Keep it ASCII: Qt lines up the columns by character count.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interface language: %1 (default: the saved setting, else the system language).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>code</source>
        <extracomment>Value name in --help. Keep it ASCII: Qt lines up the columns by character count.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a picture of the main window to this PNG file after the first health refresh (or 3 s) and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file</source>
        <extracomment>Value name in --help. Keep it ASCII: Qt lines up the columns by character count.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a usable backend URL: %1 (expected e.g. http://127.0.0.1:8080)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsupported language: %1 (choose one of: %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HealthLights</name>
    <message>
        <source>No component health reported yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HealthModel</name>
    <message>
        <source>Answered in %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Component</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database (MariaDB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cache (Redis)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events (Kafka)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up</source>
        <extracomment>State of one backend component (database, cache, event bus): working normally.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Degraded</source>
        <extracomment>State of one backend component: working, but slowly or partly.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Down</source>
        <extracomment>State of one backend component: not working.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <extracomment>State of one backend component: the backend could not be asked.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Waiting for the first refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last refresh: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last refresh: %1 (failed at %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No successful refresh yet (last try %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paydesk — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Paydesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Paydesk %1&lt;/h3&gt;&lt;p&gt;Operator console for the Paydesk payments back-office: settlement, reconciliation, dead letters and the health of the backend.&lt;/p&gt;&lt;p&gt;Backend: %2&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Paydesk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OverviewPanel</name>
    <message>
        <source>HTTP %1, %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP %1, not a health report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the backend at %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <extracomment>Big status line: the backend and all its components are ready.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Degraded</source>
        <extracomment>Big status line: the backend works, with some component slow or down.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unavailable</source>
        <extracomment>Big status line: the backend cannot take payments.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown status “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach backend at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected answer from backend at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedded (servers started by the backend)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>External (configured servers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not known yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Components</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Component health</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
