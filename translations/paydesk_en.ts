<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AuditPanel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 shown of more than %2 entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 shown of %2 entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>action, e.g. dead_letter.replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>target type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>target id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Between</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an entry to see what changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 by %2 (%3) on %4 %5
correlation id: %6
note: %7

before:
%8

after:
%9</source>
        <translation type="unfinished"></translation>
    </message>
</context>
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
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (HTTP %2): %3</source>
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
    <name>ConsoleSession</name>
    <message>
        <source>The local backend has no demo merchant credentials (DIR/demo-credentials.json).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture, refund and void are merchant-signed calls. Against a remote backend, enter merchant credentials (merchant id, API key, secret) in Settings to enable them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a %2; this needs a %3 or above (File → Switch operator…).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeadLettersPanel</name>
    <message>
        <source>Dead-lettered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 shown of %2 dead letters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>class or message text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay all matching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save payload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replayed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discarded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a dead letter to see and edit its payload.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 attempts · %4&lt;br&gt;%5: %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid JSON at character %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The payload must be a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: dead letter %2 is %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard dead letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why is this dead letter discarded? (recorded in the audit log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard dead letter %1? It will never be delivered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discarded dead letters cannot be replayed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bulk replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dead letters match the filter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bulk replay: %1 replayed, %2 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Replayed already (%n time(s)): a version of a dead letter goes out once. To send it again, edit the payload; a different operator then replays it.</source>
        <translation>
            <numerusform>Replayed already (%n time): a version of a dead letter goes out once. To send it again, edit the payload; a different operator then replays it.</numerusform>
            <numerusform>Replayed already (%n times): a version of a dead letter goes out once. To send it again, edit the payload; a different operator then replays it.</numerusform>
        </translation>
    </message>
    <message>
        <source>Discarded dead letters are never delivered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You (%1) edited this dead letter: the four-eyes rule needs a different operator to replay it. Switch operator (File → Switch operator…) or ask a colleague.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only OPEN dead letters can be discarded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only OPEN dead letters are replayed in bulk: a replayed version is never sent twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not replayed: this version of dead letter %1 went out already (409 ALREADY_REPLAYED) and is never sent twice. To send it again, edit the payload; a different operator then replays it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not replayed: dead letter %1 was edited by you, and the four-eyes rule needs a different operator to replay it (403 MAKER_CHECKER). Switch to another operator (File → Switch operator…) or ask a colleague to replay it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The edited payload is not saved: the saved payload is sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay dead letter %1 (%2)? It is published again to %3 and cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay %1 of the %2 dead letters matching the filter (oldest first)? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Replay %n dead letter(s) matching the filter? This cannot be undone.</source>
        <translation>
            <numerusform>Replay %n dead letter matching the filter? This cannot be undone.</numerusform>
            <numerusform>Replay %n dead letters matching the filter? This cannot be undone.</numerusform>
        </translation>
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
    <name>LocalBackend</name>
    <message>
        <source>The local backend did not become ready in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>looking for a running backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>found a running backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paydeskd was not found next to the console or in PATH.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not start %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local backend exited with code %1. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starting %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for the backend to answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for paydeskd to answer at %1</source>
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
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local backend: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the local backend: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local backend failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local backend started by the console (data in %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to the backend already running at this address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local backend ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the local backend to start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new backend settings take effect the next time the console starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch &amp;operator…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MetricsCharts</name>
    <message>
        <source>none reported yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>half-open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests per second (top routes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error answers (% of requests)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outbox backlog (events)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Circuit breakers:</source>
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
    <message>
        <source>Stop demo traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate demo traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed authorize/capture/refund calls as the demo merchant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 calls sent, %2 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (last: %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <extracomment>Big status line while the backend starts; %1 is what it is doing.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo traffic (authorizations/s)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Panel</name>
    <message>
        <source>%1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backend refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backend does not accept this operator token (401 UNAUTHORIZED). Choose another identity or paste a valid token: File → Switch operator….</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed in: the console has no operator token, so the backend refuses this panel (401 UNAUTHORIZED). Choose an identity of the local backend or paste a token: File → Switch operator… (or start the console with PAYDESK_OPERATOR_TOKEN set).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your operator role may not do this (403 FORBIDDEN_ROLE: %1). Switch to an operator with a higher role: File → Switch operator….</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backend refused the merchant credentials (401 %1: %2). Check the merchant id, API key and secret in File → Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not allowed (403 %1): %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaymentsPanel</name>
    <message>
        <source>Payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 shown of more than %2 payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 shown of %2 payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requested between</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any merchant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>payment id, acquirer id, idempotency key, last 4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ledger entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry / account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Debit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Occurred</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a payment to see its ledger entries and event timeline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, card %1…%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · &lt;b&gt;%3&lt;/b&gt; · %4 (captured %5, refunded %6)%7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hash %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting in outbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>correlation id %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dead letter: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This payment belongs to merchant %1; the configured credentials are for %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: payment %2 is now %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount to capture in %1 minor units (empty = the full %2):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a valid amount: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture %1 of payment %2?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount to refund in %1 minor units (at most %2):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason (recorded with the refund):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund %1 of payment %2?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void payment %1? The authorization is released and cannot be captured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReconImportDialog</name>
    <message>
        <source>Import bank statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recognise from the header row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First lines (dry run: nothing is written)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2; the backend accepts statements up to %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import is running; wait for the backend&apos;s answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uploading: %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading and matching (dry run)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matching against payments and settlement batches…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the first %1 row errors are listed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This statement was imported before (same content, SHA-256). The backend refuses it again: 409 DUPLICATE_FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This statement was imported before as file %1 (same content, SHA-256). The backend refuses it again: 409 DUPLICATE_FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import was refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backend cannot read this statement: %1. Choose another bank profile or encoding.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows that could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (recognised from the header row)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (detected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Profile:&lt;/b&gt; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Encoding:&lt;/b&gt; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Header row:&lt;/b&gt; line %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Currency:&lt;/b&gt; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Statement:&lt;/b&gt; %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 data rows: %2 read, %3 could not be read; %4 payments and settlement batches considered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>suggestions &lt;b&gt;%1&lt;/b&gt;, one-to-many proposals &lt;b&gt;%2&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReconText</name>
    <message>
        <source>Matched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount mismatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unmatched (bank)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unmatched (Paydesk)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Awaiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matched by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paydesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memo / item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matched with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the row could not be read</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReconciliationPanel</name>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unmatched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uploaded by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import statement…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a bank statement (CSV): a preview first, nothing is written until you import (Ctrl+O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>or drop a .csv file here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export results (CSV)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every line of the selected file with its outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export exceptions (CSV)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The exceptions queue with the filters chosen below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank statements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>filter shown lines: memo, ids, reasons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm the automatic match of the selected lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the automatic match: the lines return to the exceptions queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept suggestion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match the selected lines with the payments or batch proposed for them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match by hand…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match the selected bank line with payments or settlement batches you name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unmatch…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo the match: both sides return to their state before it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the selected open exceptions with a note (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lines of the selected file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exceptions queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open and resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All outcomes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both sides</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paydesk items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a bank statement to see its lines per outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the file&apos;s counts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lines per outcome: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No bank statement imported yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · statement %2 · profile %3 · %4 · %5 · uploaded by %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows that could not be read: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No file selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 loaded of more than %2 lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 loaded of %2 lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 match the filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a line to compare the bank&apos;s data with Paydesk&apos;s: the payments or settlement batches it matched or was offered, its score and the reasons, field by field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>row %1 of the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>match: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>score %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Branch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>settlement batch of %1 for %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>payout %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>payment of %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected in the bank %1 (captured %2, refunded %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>requested %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matched batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matched payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>together %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not in the bank statement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected amount %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proposed one-to-many match (score %1):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggested match (score %1):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proposed batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proposed payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, business day %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No payment or settlement batch matched or suggested.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paydesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected %1, bank %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve the automatic match of line %1 (%2) with %3?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve the automatic matches of %1 lines?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject the automatic match of %1 lines? They return to the exceptions queue as unmatched. Note for the audit log (optional):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match line %1 (%2) with %3, as proposed?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept the proposed matches of %1 lines?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment ids and settlement batch ids to match line %1 (%2) with, separated by spaces or commas:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match by hand: no payment or batch id given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match by hand: at most %1 payments and batches per line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo the match of line %1 with %2?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo the matches of %1 lines?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unmatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The payments and batches become free again and both sides return to their state before the match. Only a new match (by hand) restores it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve exceptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve %1 open exceptions. Why are they closed? (required, recorded in the audit log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve: a note is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: working…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: done for %2 line(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: done for %2 of %3 line(s); refused: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import bank statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank statements (*.csv *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another statement is being imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1 as %2: %3 matched, %4 unmatched in the bank, %5 rows could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export exceptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 line(s) saved to %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Local backend (started by the console, embedded stack)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remote backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merchant credentials for capture, refund and void</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merchant calls are signed with HMAC-SHA256. The local backend&apos;s demo merchant is used automatically; for a remote backend enter a merchant&apos;s key here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merchant id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a backend URL such as http://10.0.0.5:8080.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettlementsPanel</name>
    <message>
        <source>Business day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gross</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carried in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Net</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 shown of more than %2 batches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 shown of %2 batches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settlements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any merchant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close day…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the chosen business day into batches for every merchant with activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark paid…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export payouts (CSV)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Totals per business day (minor units, loaded batches)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds and fees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: batch %2 is now %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close business day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close business day %1 into settlement batches for every merchant with activity?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business day %1: %2 batches closed, %3 already closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve settlement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve batch %1 of %2 for %3 (payout %4)? The ledger entries are written now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject settlement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why is batch %1 rejected? (recorded in the audit log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark settlement paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank reference of the payout of batch %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export payouts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 payout lines saved to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You (%1) closed this batch: the four-eyes rule needs a different supervisor to approve or reject it. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch operator (File → Switch operator…) to local-checker, the second supervisor the local backend provides.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch operator (File → Switch operator…) to another supervisor&apos;s token, or ask a colleague.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a CLOSED batch can be approved or rejected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an APPROVED batch with a payout can be marked paid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not allowed for you (four-eyes rule, MAKER_CHECKER): %1. Another supervisor has to do this. %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SwitchOperatorDialog</name>
    <message>
        <source>Switch operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>operator bearer token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2) — local backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a token…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No local identities: this console is not connected to a backend on this machine. Paste an operator token your administrator gave you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local backend writes its operators into its data folder. A settlement batch or an edited dead letter needs a second operator: switch to the other identity to act as checker.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
