<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>AuditPanel</name>
    <message>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>운영자</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>역할</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>작업</translation>
    </message>
    <message>
        <source>Target type</source>
        <translation>대상 유형</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>대상</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>%1 shown of more than %2 entries</source>
        <translation>%2건 이상 중 %1건 표시</translation>
    </message>
    <message>
        <source>%1 shown of %2 entries</source>
        <translation>%2건 중 %1건 표시</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>감사 로그</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>운영자</translation>
    </message>
    <message>
        <source>action, e.g. dead_letter.replay</source>
        <translation>작업 (예: dead_letter.replay)</translation>
    </message>
    <message>
        <source>target type</source>
        <translation>대상 유형</translation>
    </message>
    <message>
        <source>target id</source>
        <translation>대상 ID</translation>
    </message>
    <message>
        <source>Between</source>
        <translation>기간</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message>
        <source>Select an entry to see what changed.</source>
        <translation>항목을 선택하면 변경 내용을 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>%1 by %2 (%3) on %4 %5
correlation id: %6
note: %7

before:
%8

after:
%9</source>
        <translation>%1 — %2 (%3), 대상 %4 %5
상관 ID: %6
메모: %7

변경 전:
%8

변경 후:
%9</translation>
    </message>
</context>
<context>
    <name>BackendClient</name>
    <message>
        <source>Connection refused</source>
        <translation>연결 거부됨</translation>
    </message>
    <message>
        <source>Host not found: %1</source>
        <translation>호스트를 찾을 수 없음: %1</translation>
    </message>
    <message>
        <source>No answer within %1 s</source>
        <translation>%1초 안에 응답 없음</translation>
    </message>
    <message>
        <source>The backend sent a response that is not valid JSON: %1</source>
        <translation>백엔드 응답이 올바른 JSON이 아닙니다: %1</translation>
    </message>
    <message>
        <source>HTTP status %1</source>
        <translation>HTTP 상태 %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 (HTTP %2): %3</source>
        <translation>%1 (HTTP %2): %3</translation>
    </message>
</context>
<context>
    <name>ConsoleOptions</name>
    <message>
        <source>Paydesk operator console: watch and run the Paydesk payments backend.</source>
        <translation>Paydesk 운영 콘솔: Paydesk 결제 백엔드를 모니터링하고 운영합니다.</translation>
    </message>
    <message>
        <source>Base URL of the paydeskd backend (default: $%1, else %2).</source>
        <translation>paydeskd 백엔드의 기본 URL (기본값: $%1, 없으면 %2).</translation>
    </message>
    <message>
        <source>url</source>
        <extracomment>Value name in --help. Keep it ASCII: Qt lines up the columns by character count.</extracomment>
        <translation>url</translation>
    </message>
    <message>
        <source>Operator bearer token (default: $%1; prefer the variable, command lines are visible to other users).</source>
        <translation>운영자 Bearer 토큰 (기본값: $%1; 명령줄은 다른 사용자에게 보일 수 있으므로 환경 변수 사용을 권장합니다).</translation>
    </message>
    <message>
        <source>token</source>
        <extracomment>Value name in --help. Keep it ASCII: Qt lines up the columns by character count.</extracomment>
        <translation>token</translation>
    </message>
    <message>
        <source>Interface language: %1 (default: the saved setting, else the system language).</source>
        <translation>화면 언어: %1 (기본값: 저장된 설정, 없으면 시스템 언어).</translation>
    </message>
    <message>
        <source>code</source>
        <extracomment>Value name in --help. Keep it ASCII: Qt lines up the columns by character count.</extracomment>
        <translation>code</translation>
    </message>
    <message>
        <source>Save a picture of the main window to this PNG file after the first health refresh (or 3 s) and exit.</source>
        <translation>첫 상태 갱신 후(또는 3초 후) 메인 창을 이 PNG 파일로 저장하고 종료합니다.</translation>
    </message>
    <message>
        <source>file</source>
        <extracomment>Value name in --help. Keep it ASCII: Qt lines up the columns by character count.</extracomment>
        <translation>file</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>알 수 없는 인수: %1</translation>
    </message>
    <message>
        <source>Not a usable backend URL: %1 (expected e.g. http://127.0.0.1:8080)</source>
        <translation>사용할 수 없는 백엔드 URL: %1 (예: http://127.0.0.1:8080)</translation>
    </message>
    <message>
        <source>Unsupported language: %1 (choose one of: %2)</source>
        <translation>지원하지 않는 언어: %1 (선택 가능: %2)</translation>
    </message>
</context>
<context>
    <name>ConsoleSession</name>
    <message>
        <source>The local backend has no demo merchant credentials (DIR/demo-credentials.json).</source>
        <translation>로컬 백엔드에 데모 가맹점 자격 증명이 없습니다 (DIR/demo-credentials.json).</translation>
    </message>
    <message>
        <source>Capture, refund and void are merchant-signed calls. Against a remote backend, enter merchant credentials (merchant id, API key, secret) in Settings to enable them.</source>
        <translation>매입, 환불, 승인 취소는 가맹점 서명이 필요한 호출입니다. 원격 백엔드에서 사용하려면 설정에서 가맹점 자격 증명(가맹점 ID, API 키, 시크릿)을 입력하세요.</translation>
    </message>
    <message>
        <source>%1 is a %2; this needs a %3 or above (File → Switch operator…).</source>
        <translation>%1의 역할은 %2입니다. 이 작업에는 %3 이상의 역할이 필요합니다(파일 → 운영자 전환…).</translation>
    </message>
</context>
<context>
    <name>DeadLettersPanel</name>
    <message>
        <source>Dead-lettered</source>
        <translation>실패 시각</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Event type</source>
        <translation>이벤트 유형</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>토픽</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>컨슈머</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>오류</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>시도 횟수</translation>
    </message>
    <message>
        <source>Replays</source>
        <translation>재처리 횟수</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>키</translation>
    </message>
    <message>
        <source>%1 shown of %2 dead letters</source>
        <translation>데드 레터 %2건 중 %1건 표시</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>데드 레터</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>유형</translation>
    </message>
    <message>
        <source>class or message text</source>
        <translation>오류 분류 또는 메시지</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message>
        <source>Replay all matching…</source>
        <translation>조건에 맞는 항목 모두 재처리…</translation>
    </message>
    <message>
        <source>Save payload</source>
        <translation>페이로드 저장</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>재처리</translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation>폐기…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>미처리</translation>
    </message>
    <message>
        <source>Replayed</source>
        <translation>재처리됨</translation>
    </message>
    <message>
        <source>Discarded</source>
        <translation>폐기됨</translation>
    </message>
    <message>
        <source>All</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>Select a dead letter to see and edit its payload.</source>
        <translation>데드 레터를 선택하면 페이로드를 보고 수정할 수 있습니다.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 attempts · %4&lt;br&gt;%5: %6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 · %3회 시도 · %4&lt;br&gt;%5: %6</translation>
    </message>
    <message>
        <source>Valid JSON object</source>
        <translation>올바른 JSON 객체</translation>
    </message>
    <message>
        <source>Invalid JSON at character %1: %2</source>
        <translation>%1번째 문자에서 JSON 오류: %2</translation>
    </message>
    <message>
        <source>The payload must be a JSON object</source>
        <translation>페이로드는 JSON 객체여야 합니다</translation>
    </message>
    <message>
        <source>%1: dead letter %2 is %3</source>
        <translation>%1: 데드 레터 %2의 상태는 이제 %3입니다</translation>
    </message>
    <message>
        <source>Discard dead letter</source>
        <translation>데드 레터 폐기</translation>
    </message>
    <message>
        <source>Why is this dead letter discarded? (recorded in the audit log)</source>
        <translation>이 데드 레터를 폐기하는 사유를 입력하세요 (감사 로그에 기록됩니다).</translation>
    </message>
    <message>
        <source>Discard dead letter %1? It will never be delivered.</source>
        <translation>데드 레터 %1을(를) 폐기할까요? 폐기하면 다시 전달되지 않습니다.</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>폐기</translation>
    </message>
    <message>
        <source>Discarded dead letters cannot be replayed.</source>
        <translation>폐기된 데드 레터는 재처리할 수 없습니다.</translation>
    </message>
    <message>
        <source>Bulk replay</source>
        <translation>일괄 재처리</translation>
    </message>
    <message>
        <source>No dead letters match the filter.</source>
        <translation>조건에 맞는 데드 레터가 없습니다.</translation>
    </message>
    <message>
        <source>Bulk replay: %1 replayed, %2 failed</source>
        <translation>일괄 재처리: %1건 완료, %2건 실패</translation>
    </message>
    <message numerus="yes">
        <source>Replayed already (%n time(s)): a version of a dead letter goes out once. To send it again, edit the payload; a different operator then replays it.</source>
        <translation>
            <numerusform>이미 %n회 재처리됨: 데드 레터의 한 버전은 한 번만 전송됩니다. 다시 보내려면 페이로드를 수정한 뒤 다른 운영자가 재처리해야 합니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Discarded dead letters are never delivered.</source>
        <translation>폐기된 데드 레터는 다시 전달되지 않습니다.</translation>
    </message>
    <message>
        <source>You (%1) edited this dead letter: the four-eyes rule needs a different operator to replay it. Switch operator (File → Switch operator…) or ask a colleague.</source>
        <translation>이 데드 레터는 본인(%1)이 수정했습니다. 4안 원칙에 따라 다른 운영자가 재처리해야 합니다. 운영자를 전환하거나(파일 → 운영자 전환…) 동료에게 요청하세요.</translation>
    </message>
    <message>
        <source>Only OPEN dead letters can be discarded.</source>
        <translation>미처리(OPEN) 상태의 데드 레터만 폐기할 수 있습니다.</translation>
    </message>
    <message>
        <source>Only OPEN dead letters are replayed in bulk: a replayed version is never sent twice.</source>
        <translation>일괄 재처리는 미처리(OPEN) 데드 레터만 대상입니다. 이미 재처리된 버전은 두 번 전송되지 않습니다.</translation>
    </message>
    <message>
        <source>Not replayed: this version of dead letter %1 went out already (409 ALREADY_REPLAYED) and is never sent twice. To send it again, edit the payload; a different operator then replays it.</source>
        <translation>재처리되지 않음: 데드 레터 %1의 이 버전은 이미 전송되었으며(409 ALREADY_REPLAYED) 두 번 전송되지 않습니다. 다시 보내려면 페이로드를 수정한 뒤 다른 운영자가 재처리해야 합니다.</translation>
    </message>
    <message>
        <source>Not replayed: dead letter %1 was edited by you, and the four-eyes rule needs a different operator to replay it (403 MAKER_CHECKER). Switch to another operator (File → Switch operator…) or ask a colleague to replay it.</source>
        <translation>재처리되지 않음: 데드 레터 %1은(는) 본인이 수정했으므로 4안 원칙에 따라 다른 운영자가 재처리해야 합니다(403 MAKER_CHECKER). 다른 운영자로 전환하거나(파일 → 운영자 전환…) 동료에게 재처리를 요청하세요.</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>거부됨: %1</translation>
    </message>
    <message>
        <source>The edited payload is not saved: the saved payload is sent.</source>
        <translation>수정한 페이로드가 저장되지 않았습니다. 저장된 페이로드가 전송됩니다.</translation>
    </message>
    <message>
        <source>Replay dead letter %1 (%2)? It is published again to %3 and cannot be undone.</source>
        <translation>데드 레터 %1(%2)을(를) 재처리하시겠습니까? %3(으)로 다시 발행되며 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <source>Replay %1 of the %2 dead letters matching the filter (oldest first)? This cannot be undone.</source>
        <translation>필터와 일치하는 데드 레터 %2건 중 %1건을 재처리하시겠습니까(오래된 것부터)? 되돌릴 수 없습니다.</translation>
    </message>
    <message numerus="yes">
        <source>Replay %n dead letter(s) matching the filter? This cannot be undone.</source>
        <translation>
            <numerusform>필터와 일치하는 데드 레터 %n건을 재처리하시겠습니까? 되돌릴 수 없습니다.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HealthLights</name>
    <message>
        <source>No component health reported yet</source>
        <translation>아직 보고된 구성 요소 상태가 없습니다</translation>
    </message>
</context>
<context>
    <name>HealthModel</name>
    <message>
        <source>Answered in %1 ms</source>
        <translation>%1ms 만에 응답</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>구성 요소</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>엔드포인트</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>세부 정보</translation>
    </message>
    <message>
        <source>Database (MariaDB)</source>
        <translation>데이터베이스 (MariaDB)</translation>
    </message>
    <message>
        <source>Cache (Redis)</source>
        <translation>캐시 (Redis)</translation>
    </message>
    <message>
        <source>Events (Kafka)</source>
        <translation>이벤트 (Kafka)</translation>
    </message>
    <message>
        <source>Up</source>
        <extracomment>State of one backend component (database, cache, event bus): working normally.</extracomment>
        <translation>정상</translation>
    </message>
    <message>
        <source>Degraded</source>
        <extracomment>State of one backend component: working, but slowly or partly.</extracomment>
        <translation>성능 저하</translation>
    </message>
    <message>
        <source>Down</source>
        <extracomment>State of one backend component: not working.</extracomment>
        <translation>중단</translation>
    </message>
    <message>
        <source>Unknown</source>
        <extracomment>State of one backend component: the backend could not be asked.</extracomment>
        <translation>알 수 없음</translation>
    </message>
</context>
<context>
    <name>LocalBackend</name>
    <message>
        <source>The local backend did not become ready in time.</source>
        <translation>로컬 백엔드가 제한 시간 안에 준비되지 않았습니다.</translation>
    </message>
    <message>
        <source>looking for a running backend</source>
        <translation>실행 중인 백엔드를 찾는 중</translation>
    </message>
    <message>
        <source>found a running backend</source>
        <translation>실행 중인 백엔드를 찾음</translation>
    </message>
    <message>
        <source>paydeskd was not found next to the console or in PATH.</source>
        <translation>콘솔과 같은 폴더나 PATH에서 paydeskd를 찾을 수 없습니다.</translation>
    </message>
    <message>
        <source>Could not start %1: %2</source>
        <translation>%1을(를) 시작할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>The local backend exited with code %1. %2</source>
        <translation>로컬 백엔드가 종료 코드 %1로 종료되었습니다. %2</translation>
    </message>
    <message>
        <source>starting %1</source>
        <translation>%1 시작 중</translation>
    </message>
    <message>
        <source>waiting for the backend to answer</source>
        <translation>백엔드 응답을 기다리는 중</translation>
    </message>
    <message>
        <source>waiting for paydeskd to answer at %1</source>
        <translation>%1에서 paydeskd의 응답을 기다리는 중</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Waiting for the first refresh</source>
        <translation>첫 갱신을 기다리는 중</translation>
    </message>
    <message>
        <source>Last refresh: %1</source>
        <translation>마지막 갱신: %1</translation>
    </message>
    <message>
        <source>Last refresh: %1 (failed at %2)</source>
        <translation>마지막 갱신: %1 (%2에 실패)</translation>
    </message>
    <message>
        <source>No successful refresh yet (last try %1)</source>
        <translation>아직 성공한 갱신 없음 (마지막 시도 %1)</translation>
    </message>
    <message>
        <source>Paydesk — %1</source>
        <translation>Paydesk — %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Paydesk</source>
        <translation>Paydesk 정보(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Qt 정보(&amp;Q)</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Paydesk %1&lt;/h3&gt;&lt;p&gt;Operator console for the Paydesk payments back-office: settlement, reconciliation, dead letters and the health of the backend.&lt;/p&gt;&lt;p&gt;Backend: %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Paydesk %1&lt;/h3&gt;&lt;p&gt;Paydesk 결제 백오피스 운영 콘솔: 정산, 대사, 데드 레터 처리와 백엔드 상태 모니터링.&lt;/p&gt;&lt;p&gt;백엔드: %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Paydesk</source>
        <translation>Paydesk 정보</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>설정(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>새로 고침(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>찾기(&amp;F)</translation>
    </message>
    <message>
        <source>Local backend: %1</source>
        <translation>로컬 백엔드: %1</translation>
    </message>
    <message>
        <source>Starting the local backend: %1</source>
        <translation>로컬 백엔드를 시작하는 중: %1</translation>
    </message>
    <message>
        <source>Local backend failed: %1</source>
        <translation>로컬 백엔드 실패: %1</translation>
    </message>
    <message>
        <source>Local backend started by the console (data in %1).</source>
        <translation>콘솔이 시작한 로컬 백엔드 (데이터 위치: %1).</translation>
    </message>
    <message>
        <source>Connected to the backend already running at this address.</source>
        <translation>이 주소에서 이미 실행 중인 백엔드에 연결했습니다.</translation>
    </message>
    <message>
        <source>Local backend ready</source>
        <translation>로컬 백엔드 준비됨</translation>
    </message>
    <message>
        <source>Waiting for the local backend to start.</source>
        <translation>로컬 백엔드가 시작되기를 기다리는 중입니다.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>The new backend settings take effect the next time the console starts.</source>
        <translation>새 백엔드 설정은 콘솔을 다음에 시작할 때 적용됩니다.</translation>
    </message>
    <message>
        <source>Switch &amp;operator…</source>
        <translation>운영자 전환(&amp;O)…</translation>
    </message>
    <message>
        <source>Operator: %1 (%2)</source>
        <translation>운영자: %1 (%2)</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>로그인되지 않음</translation>
    </message>
</context>
<context>
    <name>MetricsCharts</name>
    <message>
        <source>none reported yet</source>
        <translation>아직 보고된 항목 없음</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>닫힘</translation>
    </message>
    <message>
        <source>half-open</source>
        <translation>반열림</translation>
    </message>
    <message>
        <source>open</source>
        <translation>열림</translation>
    </message>
    <message>
        <source>Requests per second (top routes)</source>
        <translation>초당 요청 수 (상위 경로)</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>응답 시간 (ms)</translation>
    </message>
    <message>
        <source>Error answers (% of requests)</source>
        <translation>오류 응답 (요청 대비 %)</translation>
    </message>
    <message>
        <source>Outbox backlog (events)</source>
        <translation>아웃박스 적체 (이벤트 수)</translation>
    </message>
    <message>
        <source>Circuit breakers:</source>
        <translation>서킷 브레이커:</translation>
    </message>
</context>
<context>
    <name>OverviewPanel</name>
    <message>
        <source>HTTP %1, %2: %3</source>
        <translation>HTTP %1, %2: %3</translation>
    </message>
    <message>
        <source>HTTP %1, not a health report</source>
        <translation>HTTP %1, 상태 보고가 아님</translation>
    </message>
    <message>
        <source>Connecting to the backend at %1…</source>
        <translation>백엔드에 연결하는 중 (%1)…</translation>
    </message>
    <message>
        <source>Ready</source>
        <extracomment>Big status line: the backend and all its components are ready.</extracomment>
        <translation>준비됨</translation>
    </message>
    <message>
        <source>Degraded</source>
        <extracomment>Big status line: the backend works, with some component slow or down.</extracomment>
        <translation>성능 저하</translation>
    </message>
    <message>
        <source>Unavailable</source>
        <extracomment>Big status line: the backend cannot take payments.</extracomment>
        <translation>사용 불가</translation>
    </message>
    <message>
        <source>Unknown status “%1”</source>
        <translation>알 수 없는 상태 “%1”</translation>
    </message>
    <message>
        <source>Cannot reach backend at %1: %2</source>
        <translation>백엔드에 연결할 수 없음 (%1): %2</translation>
    </message>
    <message>
        <source>Unexpected answer from backend at %1: %2</source>
        <translation>백엔드의 예상치 못한 응답 (%1): %2</translation>
    </message>
    <message>
        <source>Embedded (servers started by the backend)</source>
        <translation>내장 (백엔드가 직접 실행한 서버)</translation>
    </message>
    <message>
        <source>External (configured servers)</source>
        <translation>외부 (설정된 서버)</translation>
    </message>
    <message>
        <source>Not known yet</source>
        <translation>아직 알 수 없음</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>개요</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>백엔드</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>모드</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>버전</translation>
    </message>
    <message>
        <source>Components</source>
        <translation>구성 요소</translation>
    </message>
    <message>
        <source>Component health</source>
        <translation>구성 요소 상태</translation>
    </message>
    <message>
        <source>Stop demo traffic</source>
        <translation>데모 트래픽 중지</translation>
    </message>
    <message>
        <source>Generate demo traffic</source>
        <translation>데모 트래픽 생성</translation>
    </message>
    <message>
        <source>Signed authorize/capture/refund calls as the demo merchant.</source>
        <translation>데모 가맹점으로 서명된 승인/매입/환불 요청을 보냅니다.</translation>
    </message>
    <message>
        <source>%1 calls sent, %2 failed</source>
        <translation>요청 %1건 전송, %2건 실패</translation>
    </message>
    <message>
        <source> (last: %1)</source>
        <translation> (마지막 오류: %1)</translation>
    </message>
    <message>
        <source>Starting…</source>
        <extracomment>Big status line while the backend starts; %1 is what it is doing.</extracomment>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <source>Starting: %1</source>
        <translation>시작하는 중: %1</translation>
    </message>
    <message>
        <source>Demo traffic (authorizations/s)</source>
        <translation>데모 트래픽 (초당 승인 건수)</translation>
    </message>
</context>
<context>
    <name>Panel</name>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 실패: %2</translation>
    </message>
    <message>
        <source>Backend error</source>
        <translation>백엔드 오류</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 실패</translation>
    </message>
    <message>
        <source>The backend refused: %1</source>
        <translation>백엔드가 요청을 거부했습니다: %1</translation>
    </message>
    <message>
        <source>The backend does not accept this operator token (401 UNAUTHORIZED). Choose another identity or paste a valid token: File → Switch operator….</source>
        <translation>백엔드가 이 운영자 토큰을 받아들이지 않습니다(401 UNAUTHORIZED). 다른 신원을 선택하거나 유효한 토큰을 붙여 넣으세요: 파일 → 운영자 전환….</translation>
    </message>
    <message>
        <source>Not signed in: the console has no operator token, so the backend refuses this panel (401 UNAUTHORIZED). Choose an identity of the local backend or paste a token: File → Switch operator… (or start the console with PAYDESK_OPERATOR_TOKEN set).</source>
        <translation>로그인되지 않음: 콘솔에 운영자 토큰이 없어 백엔드가 이 패널을 거부합니다(401 UNAUTHORIZED). 로컬 백엔드의 신원을 선택하거나 토큰을 붙여 넣으세요: 파일 → 운영자 전환…(또는 PAYDESK_OPERATOR_TOKEN을 설정하고 콘솔을 시작하세요).</translation>
    </message>
    <message>
        <source>Your operator role may not do this (403 FORBIDDEN_ROLE: %1). Switch to an operator with a higher role: File → Switch operator….</source>
        <translation>현재 운영자 역할로는 이 작업을 할 수 없습니다(403 FORBIDDEN_ROLE: %1). 더 높은 역할의 운영자로 전환하세요: 파일 → 운영자 전환….</translation>
    </message>
    <message>
        <source>The backend refused the merchant credentials (401 %1: %2). Check the merchant id, API key and secret in File → Settings.</source>
        <translation>백엔드가 가맹점 자격 증명을 거부했습니다(401 %1: %2). 파일 → 설정에서 가맹점 ID, API 키, 시크릿을 확인하세요.</translation>
    </message>
    <message>
        <source>Not allowed (403 %1): %2</source>
        <translation>허용되지 않음(403 %1): %2</translation>
    </message>
</context>
<context>
    <name>PaymentsPanel</name>
    <message>
        <source>Payment</source>
        <translation>결제</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>가맹점</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Captured</source>
        <translation>매입액</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>환불액</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>요청 시각</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>변경 시각</translation>
    </message>
    <message>
        <source>%1 shown of more than %2 payments</source>
        <translation>결제 %2건 이상 중 %1건 표시</translation>
    </message>
    <message>
        <source>%1 shown of %2 payments</source>
        <translation>결제 %2건 중 %1건 표시</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>결제</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message>
        <source>Requested between</source>
        <translation>요청 기간</translation>
    </message>
    <message>
        <source>any merchant</source>
        <translation>모든 가맹점</translation>
    </message>
    <message>
        <source>payment id, acquirer id, idempotency key, last 4</source>
        <translation>결제 ID, 매입사 ID, 멱등 키, 카드 끝 4자리</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>모든 상태</translation>
    </message>
    <message>
        <source>Ledger entries</source>
        <translation>원장 분개</translation>
    </message>
    <message>
        <source>Event timeline</source>
        <translation>이벤트 타임라인</translation>
    </message>
    <message>
        <source>Entry / account</source>
        <translation>분개 / 계정</translation>
    </message>
    <message>
        <source>Debit</source>
        <translation>차변</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>대변</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>이벤트</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>토픽</translation>
    </message>
    <message>
        <source>Occurred</source>
        <translation>발생 시각</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>발행 시각</translation>
    </message>
    <message>
        <source>Capture…</source>
        <translation>매입…</translation>
    </message>
    <message>
        <source>Refund…</source>
        <translation>환불…</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>승인 취소…</translation>
    </message>
    <message>
        <source>Select a payment to see its ledger entries and event timeline.</source>
        <translation>결제를 선택하면 원장 분개와 이벤트 타임라인을 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>, card %1…%2</source>
        <translation>, 카드 %1…%2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · &lt;b&gt;%3&lt;/b&gt; · %4 (captured %5, refunded %6)%7</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 · &lt;b&gt;%3&lt;/b&gt; · %4 (매입 %5, 환불 %6)%7</translation>
    </message>
    <message>
        <source>hash %1</source>
        <translation>해시 %1</translation>
    </message>
    <message>
        <source>waiting in outbox</source>
        <translation>아웃박스 대기 중</translation>
    </message>
    <message>
        <source>correlation id %1</source>
        <translation>상관 ID %1</translation>
    </message>
    <message>
        <source>dead letter: %1</source>
        <translation>데드 레터: %1</translation>
    </message>
    <message>
        <source>This payment belongs to merchant %1; the configured credentials are for %2.</source>
        <translation>이 결제는 가맹점 %1의 결제이지만, 설정된 자격 증명은 가맹점 %2의 것입니다.</translation>
    </message>
    <message>
        <source>%1: payment %2 is now %3</source>
        <translation>%1: 결제 %2의 상태는 이제 %3입니다</translation>
    </message>
    <message>
        <source>Capture payment</source>
        <translation>결제 매입</translation>
    </message>
    <message>
        <source>Amount to capture in %1 minor units (empty = the full %2):</source>
        <translation>매입할 금액 (%1 최소 단위, 비워 두면 전액 %2):</translation>
    </message>
    <message>
        <source>Not a valid amount: %1</source>
        <translation>올바른 금액이 아닙니다: %1</translation>
    </message>
    <message>
        <source>Capture %1 of payment %2?</source>
        <translation>결제 %2에서 %1을(를) 매입할까요?</translation>
    </message>
    <message>
        <source>Capture</source>
        <translation>매입</translation>
    </message>
    <message>
        <source>Refund payment</source>
        <translation>결제 환불</translation>
    </message>
    <message>
        <source>Amount to refund in %1 minor units (at most %2):</source>
        <translation>환불할 금액 (%1 최소 단위, 최대 %2):</translation>
    </message>
    <message>
        <source>Reason (recorded with the refund):</source>
        <translation>사유 (환불 내역에 기록됩니다):</translation>
    </message>
    <message>
        <source>Refund %1 of payment %2?</source>
        <translation>결제 %2에서 %1을(를) 환불할까요?</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>환불</translation>
    </message>
    <message>
        <source>Void payment</source>
        <translation>승인 취소</translation>
    </message>
    <message>
        <source>Void payment %1? The authorization is released and cannot be captured.</source>
        <translation>결제 %1의 승인을 취소할까요? 승인 한도가 해제되며 이후 매입할 수 없습니다.</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>승인 취소</translation>
    </message>
</context>
<context>
    <name>ReconImportDialog</name>
    <message>
        <source>Import bank statement</source>
        <translation>은행 거래내역 가져오기</translation>
    </message>
    <message>
        <source>Bank profile</source>
        <translation>은행 프로필</translation>
    </message>
    <message>
        <source>Recognise from the header row</source>
        <translation>머리글 행으로 자동 인식</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>인코딩</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>자동 감지</translation>
    </message>
    <message>
        <source>First lines (dry run: nothing is written)</source>
        <translation>처음 몇 줄 (미리보기: 아무것도 저장되지 않습니다)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>가져오기</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Bank profiles</source>
        <translation>은행 프로필 목록</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 읽는 중…</translation>
    </message>
    <message>
        <source>%1 is %2; the backend accepts statements up to %3.</source>
        <translation>%1의 크기는 %2입니다. 백엔드는 %3까지의 거래내역만 받습니다.</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>%1을(를) 읽을 수 없습니다: %2</translation>
    </message>
    <message>
        <source>The import is running; wait for the backend&apos;s answer.</source>
        <translation>가져오는 중입니다. 백엔드의 응답을 기다리세요.</translation>
    </message>
    <message>
        <source>Sending %1…</source>
        <translation>%1 보내는 중…</translation>
    </message>
    <message>
        <source>Uploading: %1 of %2</source>
        <translation>업로드 중: %2 중 %1</translation>
    </message>
    <message>
        <source>Reading and matching (dry run)…</source>
        <translation>읽고 대사하는 중 (미리보기)…</translation>
    </message>
    <message>
        <source>Matching against payments and settlement batches…</source>
        <translation>결제 및 정산 배치와 대사하는 중…</translation>
    </message>
    <message>
        <source>Only the first %1 row errors are listed.</source>
        <translation>처음 %1개의 행 오류만 표시됩니다.</translation>
    </message>
    <message>
        <source>This statement was imported before (same content, SHA-256). The backend refuses it again: 409 DUPLICATE_FILE.</source>
        <translation>이 거래내역은 이미 가져온 파일입니다 (내용 동일, SHA-256). 백엔드가 다시 가져오기를 거부했습니다: 409 DUPLICATE_FILE.</translation>
    </message>
    <message>
        <source>This statement was imported before as file %1 (same content, SHA-256). The backend refuses it again: 409 DUPLICATE_FILE.</source>
        <translation>이 거래내역은 이미 파일 %1(으)로 가져왔습니다 (내용 동일, SHA-256). 백엔드가 다시 가져오기를 거부했습니다: 409 DUPLICATE_FILE.</translation>
    </message>
    <message>
        <source>The import was refused: %1</source>
        <translation>가져오기가 거부되었습니다: %1</translation>
    </message>
    <message>
        <source>The backend cannot read this statement: %1. Choose another bank profile or encoding.</source>
        <translation>백엔드가 이 거래내역을 읽을 수 없습니다: %1. 다른 은행 프로필이나 인코딩을 선택하세요.</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>미리보기</translation>
    </message>
    <message>
        <source>Rows that could not be read: %1</source>
        <translation>읽을 수 없는 행: %1</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>파일을 읽는 중…</translation>
    </message>
    <message>
        <source>%1 (recognised from the header row)</source>
        <translation>%1 (머리글 행으로 인식)</translation>
    </message>
    <message>
        <source>%1 (detected)</source>
        <translation>%1 (자동 감지)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Profile:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;프로필:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Encoding:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;인코딩:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Header row:&lt;/b&gt; line %1</source>
        <translation>&lt;b&gt;머리글 행:&lt;/b&gt; %1행</translation>
    </message>
    <message>
        <source>&lt;b&gt;Currency:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;통화:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Statement:&lt;/b&gt; %1 to %2</source>
        <translation>&lt;b&gt;거래 기간:&lt;/b&gt; %1 ~ %2</translation>
    </message>
    <message>
        <source>%1 data rows: %2 read, %3 could not be read; %4 payments and settlement batches considered</source>
        <translation>데이터 행 %1개: %2개 읽음, %3개 읽을 수 없음. 대사 대상 결제 및 정산 배치 %4건</translation>
    </message>
    <message>
        <source>suggestions &lt;b&gt;%1&lt;/b&gt;, one-to-many proposals &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>대사 제안 &lt;b&gt;%1&lt;/b&gt;, 일대다 대사 제안 &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>ReconText</name>
    <message>
        <source>Matched</source>
        <translation>일치</translation>
    </message>
    <message>
        <source>Amount mismatch</source>
        <translation>금액 불일치</translation>
    </message>
    <message>
        <source>Unmatched (bank)</source>
        <translation>미대사 (은행)</translation>
    </message>
    <message>
        <source>Unmatched (Paydesk)</source>
        <translation>미대사 (Paydesk)</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>중복</translation>
    </message>
    <message>
        <source>Awaiting</source>
        <translation>대기</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>미처리</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>승인됨</translation>
    </message>
    <message>
        <source>Matched by hand</source>
        <translation>수동 대사</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>해결됨</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>은행</translation>
    </message>
    <message>
        <source>Paydesk</source>
        <translation>Paydesk</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>행</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>구분</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>일자</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>대사 결과</translation>
    </message>
    <message>
        <source>Memo / item</source>
        <translation>적요 / 항목</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>점수</translation>
    </message>
    <message>
        <source>Matched with</source>
        <translation>대사 대상</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Why the row could not be read</source>
        <translation>읽을 수 없는 이유</translation>
    </message>
</context>
<context>
    <name>ReconciliationPanel</name>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>거래 기간</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 ~ %2</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>행 수</translation>
    </message>
    <message>
        <source>Matched</source>
        <translation>일치</translation>
    </message>
    <message>
        <source>Unmatched</source>
        <translation>미대사</translation>
    </message>
    <message>
        <source>Row errors</source>
        <translation>행 오류</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>가져온 시각</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>프로필</translation>
    </message>
    <message>
        <source>Uploaded by</source>
        <translation>업로드한 사람</translation>
    </message>
    <message>
        <source>File id</source>
        <translation>파일 ID</translation>
    </message>
    <message>
        <source>%1 of %2 files</source>
        <translation>파일 %2개 중 %1개</translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation>대사</translation>
    </message>
    <message>
        <source>Import statement…</source>
        <translation>거래내역 가져오기…</translation>
    </message>
    <message>
        <source>Import a bank statement (CSV): a preview first, nothing is written until you import (Ctrl+O)</source>
        <translation>은행 거래내역(CSV)을 가져옵니다. 먼저 미리보기를 보여 주며, 가져오기 전에는 아무것도 저장되지 않습니다 (Ctrl+O)</translation>
    </message>
    <message>
        <source>or drop a .csv file here</source>
        <translation>또는 .csv 파일을 여기에 끌어다 놓으세요</translation>
    </message>
    <message>
        <source>Export results (CSV)…</source>
        <translation>대사 결과 내보내기 (CSV)…</translation>
    </message>
    <message>
        <source>Every line of the selected file with its outcome</source>
        <translation>선택한 파일의 모든 행과 대사 결과</translation>
    </message>
    <message>
        <source>Export exceptions (CSV)…</source>
        <translation>예외 내보내기 (CSV)…</translation>
    </message>
    <message>
        <source>The exceptions queue with the filters chosen below</source>
        <translation>아래에서 선택한 필터를 적용한 예외 대기열</translation>
    </message>
    <message>
        <source>Bank statements</source>
        <translation>은행 거래내역</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>검토</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>보기</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>대사 결과</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>구분</translation>
    </message>
    <message>
        <source>all files</source>
        <translation>모든 파일</translation>
    </message>
    <message>
        <source>filter shown lines: memo, ids, reasons</source>
        <translation>표시된 행 필터: 적요, ID, 사유</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>승인</translation>
    </message>
    <message>
        <source>Confirm the automatic match of the selected lines</source>
        <translation>선택한 행의 자동 대사를 확정합니다</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>반려…</translation>
    </message>
    <message>
        <source>Remove the automatic match: the lines return to the exceptions queue</source>
        <translation>자동 대사를 취소합니다. 해당 행은 예외 대기열로 돌아갑니다</translation>
    </message>
    <message>
        <source>Accept suggestion</source>
        <translation>제안 수락</translation>
    </message>
    <message>
        <source>Match the selected lines with the payments or batch proposed for them</source>
        <translation>선택한 행을 제안된 결제 또는 정산 배치와 대사합니다</translation>
    </message>
    <message>
        <source>Match by hand…</source>
        <translation>수동 대사…</translation>
    </message>
    <message>
        <source>Match the selected bank line with payments or settlement batches you name</source>
        <translation>선택한 은행 거래를 직접 지정한 결제 또는 정산 배치와 대사합니다</translation>
    </message>
    <message>
        <source>Unmatch…</source>
        <translation>대사 취소…</translation>
    </message>
    <message>
        <source>Undo the match: both sides return to their state before it</source>
        <translation>대사를 되돌립니다. 양쪽 모두 대사 이전 상태로 돌아갑니다</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>해결…</translation>
    </message>
    <message>
        <source>Close the selected open exceptions with a note (Ctrl+R)</source>
        <translation>선택한 미처리 예외를 메모와 함께 종결합니다 (Ctrl+R)</translation>
    </message>
    <message>
        <source>Lines of the selected file</source>
        <translation>선택한 파일의 행</translation>
    </message>
    <message>
        <source>Exceptions queue</source>
        <translation>예외 대기열</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>미처리</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>해결됨</translation>
    </message>
    <message>
        <source>Open and resolved</source>
        <translation>미처리 및 해결됨</translation>
    </message>
    <message>
        <source>All outcomes</source>
        <translation>모든 대사 결과</translation>
    </message>
    <message>
        <source>Both sides</source>
        <translation>양쪽 모두</translation>
    </message>
    <message>
        <source>Bank lines</source>
        <translation>은행 거래</translation>
    </message>
    <message>
        <source>Paydesk items</source>
        <translation>Paydesk 항목</translation>
    </message>
    <message>
        <source>Import a bank statement to see its lines per outcome</source>
        <translation>은행 거래내역을 가져오면 대사 결과별 행 수가 표시됩니다</translation>
    </message>
    <message>
        <source>Loading the file&apos;s counts…</source>
        <translation>파일 집계를 불러오는 중…</translation>
    </message>
    <message>
        <source>Lines per outcome: %1</source>
        <translation>대사 결과별 행 수: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>No bank statement imported yet.</source>
        <translation>아직 가져온 은행 거래내역이 없습니다.</translation>
    </message>
    <message>
        <source>%1 · statement %2 · profile %3 · %4 · %5 · uploaded by %6</source>
        <translation>%1 · 거래 기간 %2 · 프로필 %3 · %4 · %5 · 업로드: %6</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>%1행: %2</translation>
    </message>
    <message>
        <source>Rows that could not be read: %1 (%2)</source>
        <translation>읽을 수 없는 행: %1 (%2)</translation>
    </message>
    <message>
        <source>No file selected</source>
        <translation>선택한 파일 없음</translation>
    </message>
    <message>
        <source>%1 loaded of more than %2 lines</source>
        <translation>%2행 이상 중 %1행 불러옴</translation>
    </message>
    <message>
        <source>%1 loaded of %2 lines</source>
        <translation>%2행 중 %1행 불러옴</translation>
    </message>
    <message>
        <source>, %1 match the filter</source>
        <translation>, 필터와 일치하는 행 %1개</translation>
    </message>
    <message>
        <source>Select a line to compare the bank&apos;s data with Paydesk&apos;s: the payments or settlement batches it matched or was offered, its score and the reasons, field by field.</source>
        <translation>행을 선택하면 은행 데이터와 Paydesk 데이터를 나란히 비교합니다: 대사되었거나 제안된 결제 또는 정산 배치, 점수, 항목별 사유.</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>행 %1</translation>
    </message>
    <message>
        <source>row %1 of the file</source>
        <translation>파일의 %1번째 줄</translation>
    </message>
    <message>
        <source>match: %1</source>
        <translation>대사 방식: %1</translation>
    </message>
    <message>
        <source>score %1</source>
        <translation>점수 %1</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>일자</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Memo</source>
        <translation>적요</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>참조번호</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>거래점</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>잔액</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <source>settlement batch of %1 for %2, %3</source>
        <translation>%1의 %2 정산 배치, %3</translation>
    </message>
    <message>
        <source>payout %1</source>
        <translation>지급액 %1</translation>
    </message>
    <message>
        <source>payment of %1, %2</source>
        <translation>%1의 결제, %2</translation>
    </message>
    <message>
        <source>expected in the bank %1 (captured %2, refunded %3)</source>
        <translation>은행 입금 예상액 %1 (매입 %2, 환불 %3)</translation>
    </message>
    <message>
        <source>requested %1</source>
        <translation>요청 시각 %1</translation>
    </message>
    <message>
        <source>Matched batch</source>
        <translation>대사된 정산 배치</translation>
    </message>
    <message>
        <source>Matched payment</source>
        <translation>대사된 결제</translation>
    </message>
    <message>
        <source>together %1</source>
        <translation>합계 %1</translation>
    </message>
    <message>
        <source>Not in the bank statement.</source>
        <translation>은행 거래내역에 없습니다.</translation>
    </message>
    <message>
        <source>Expected batch</source>
        <translation>입금 예정 정산 배치</translation>
    </message>
    <message>
        <source>Expected payment</source>
        <translation>입금 예정 결제</translation>
    </message>
    <message>
        <source>expected amount %1</source>
        <translation>예상 금액 %1</translation>
    </message>
    <message>
        <source>Proposed one-to-many match (score %1):</source>
        <translation>일대다 대사 제안 (점수 %1):</translation>
    </message>
    <message>
        <source>Suggested match (score %1):</source>
        <translation>대사 제안 (점수 %1):</translation>
    </message>
    <message>
        <source>Proposed batch</source>
        <translation>제안된 정산 배치</translation>
    </message>
    <message>
        <source>Proposed payment</source>
        <translation>제안된 결제</translation>
    </message>
    <message>
        <source>%1, business day %2</source>
        <translation>%1, 영업일 %2</translation>
    </message>
    <message>
        <source>No payment or settlement batch matched or suggested.</source>
        <translation>대사되었거나 제안된 결제 또는 정산 배치가 없습니다.</translation>
    </message>
    <message>
        <source>Bank statement</source>
        <translation>은행 거래내역</translation>
    </message>
    <message>
        <source>Paydesk</source>
        <translation>Paydesk</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>expected %1, bank %2</source>
        <translation>예상 %1, 은행 %2</translation>
    </message>
    <message>
        <source>Review:</source>
        <translation>검토:</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>메모: %1</translation>
    </message>
    <message>
        <source>Approve the automatic match of line %1 (%2) with %3?</source>
        <translation>행 %1 (%2)과(와) %3의 자동 대사를 승인할까요?</translation>
    </message>
    <message>
        <source>Approve the automatic matches of %1 lines?</source>
        <translation>%1개 행의 자동 대사를 승인할까요?</translation>
    </message>
    <message>
        <source>Approve matches</source>
        <translation>대사 승인</translation>
    </message>
    <message>
        <source>Reject matches</source>
        <translation>대사 반려</translation>
    </message>
    <message>
        <source>Reject the automatic match of %1 lines? They return to the exceptions queue as unmatched. Note for the audit log (optional):</source>
        <translation>%1개 행의 자동 대사를 반려할까요? 해당 행은 미대사로 예외 대기열에 돌아갑니다. 감사 로그에 남길 메모 (선택):</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>반려</translation>
    </message>
    <message>
        <source>Match line %1 (%2) with %3, as proposed?</source>
        <translation>제안대로 행 %1 (%2)을(를) %3과(와) 대사할까요?</translation>
    </message>
    <message>
        <source>Accept the proposed matches of %1 lines?</source>
        <translation>%1개 행의 대사 제안을 수락할까요?</translation>
    </message>
    <message>
        <source>Match by hand</source>
        <translation>수동 대사</translation>
    </message>
    <message>
        <source>Payment ids and settlement batch ids to match line %1 (%2) with, separated by spaces or commas:</source>
        <translation>행 %1 (%2)과(와) 대사할 결제 ID와 정산 배치 ID (공백이나 쉼표로 구분):</translation>
    </message>
    <message>
        <source>Match by hand: no payment or batch id given.</source>
        <translation>수동 대사: 결제 또는 정산 배치 ID가 입력되지 않았습니다.</translation>
    </message>
    <message>
        <source>Match by hand: at most %1 payments and batches per line.</source>
        <translation>수동 대사: 한 행에 결제와 정산 배치를 최대 %1건까지 대사할 수 있습니다.</translation>
    </message>
    <message>
        <source>Undo the match of line %1 with %2?</source>
        <translation>행 %1과(와) %2의 대사를 취소할까요?</translation>
    </message>
    <message>
        <source>Undo the matches of %1 lines?</source>
        <translation>%1개 행의 대사를 취소할까요?</translation>
    </message>
    <message>
        <source>Unmatch</source>
        <translation>대사 취소</translation>
    </message>
    <message>
        <source>The payments and batches become free again and both sides return to their state before the match. Only a new match (by hand) restores it.</source>
        <translation>결제와 정산 배치는 다시 대사할 수 있는 상태가 되고, 양쪽 모두 대사 이전 상태로 돌아갑니다. 되돌리려면 다시 수동으로 대사해야 합니다.</translation>
    </message>
    <message>
        <source>Resolve exceptions</source>
        <translation>예외 해결</translation>
    </message>
    <message>
        <source>Resolve %1 open exceptions. Why are they closed? (required, recorded in the audit log)</source>
        <translation>미처리 예외 %1건을 해결합니다. 종결 사유를 입력하세요 (필수, 감사 로그에 기록됩니다).</translation>
    </message>
    <message>
        <source>Resolve: a note is required.</source>
        <translation>해결: 메모가 필요합니다.</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>해결</translation>
    </message>
    <message>
        <source>%1 lines</source>
        <translation>%1개 행</translation>
    </message>
    <message>
        <source>%1: working…</source>
        <translation>%1: 처리 중…</translation>
    </message>
    <message>
        <source>%1: done for %2 line(s)</source>
        <translation>%1: %2개 행 처리 완료</translation>
    </message>
    <message>
        <source>%1: done for %2 of %3 line(s); refused: %4</source>
        <translation>%1: %3개 행 중 %2개 처리 완료, 거부됨: %4</translation>
    </message>
    <message>
        <source>Import bank statement</source>
        <translation>은행 거래내역 가져오기</translation>
    </message>
    <message>
        <source>Bank statements (*.csv *.txt);;All files (*)</source>
        <translation>은행 거래내역 (*.csv *.txt);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Another statement is being imported.</source>
        <translation>다른 거래내역을 가져오는 중입니다.</translation>
    </message>
    <message>
        <source>Imported %1 as %2: %3 matched, %4 unmatched in the bank, %5 rows could not be read</source>
        <translation>%1을(를) %2(으)로 가져왔습니다: 일치 %3건, 은행 측 미대사 %4건, 읽을 수 없는 행 %5개</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>대사 결과 내보내기</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>Export exceptions</source>
        <translation>예외 내보내기</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 실패: %2</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1에 쓸 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1: %2 line(s) saved to %3</source>
        <translation>%1: %2개 행을 %3에 저장했습니다</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Local backend (started by the console, embedded stack)</source>
        <translation>로컬 백엔드 (콘솔이 시작, 내장 스택)</translation>
    </message>
    <message>
        <source>Remote backend</source>
        <translation>원격 백엔드</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>백엔드</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Operator token</source>
        <translation>운영자 토큰</translation>
    </message>
    <message>
        <source>Merchant credentials for capture, refund and void</source>
        <translation>매입·환불·승인 취소용 가맹점 자격 증명</translation>
    </message>
    <message>
        <source>Merchant calls are signed with HMAC-SHA256. The local backend&apos;s demo merchant is used automatically; for a remote backend enter a merchant&apos;s key here.</source>
        <translation>가맹점 호출은 HMAC-SHA256으로 서명됩니다. 로컬 백엔드에서는 데모 가맹점이 자동으로 사용되며, 원격 백엔드에서는 여기에 가맹점 키를 입력하세요.</translation>
    </message>
    <message>
        <source>Merchant id</source>
        <translation>가맹점 ID</translation>
    </message>
    <message>
        <source>API key id</source>
        <translation>API 키 ID</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>시크릿</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Enter a backend URL such as http://10.0.0.5:8080.</source>
        <translation>http://10.0.0.5:8080 같은 백엔드 URL을 입력하세요.</translation>
    </message>
</context>
<context>
    <name>SettlementsPanel</name>
    <message>
        <source>Business day</source>
        <translation>영업일</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>가맹점</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Captures</source>
        <translation>매입 건수</translation>
    </message>
    <message>
        <source>Gross</source>
        <translation>총 매입액</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>환불액</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>수수료</translation>
    </message>
    <message>
        <source>Carried in</source>
        <translation>이월액</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>순액</translation>
    </message>
    <message>
        <source>Payout</source>
        <translation>지급액</translation>
    </message>
    <message>
        <source>Closed by</source>
        <translation>마감자</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>승인자</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>정산 배치</translation>
    </message>
    <message>
        <source>%1 shown of more than %2 batches</source>
        <translation>정산 배치 %2건 이상 중 %1건 표시</translation>
    </message>
    <message>
        <source>%1 shown of %2 batches</source>
        <translation>정산 배치 %2건 중 %1건 표시</translation>
    </message>
    <message>
        <source>Settlements</source>
        <translation>정산</translation>
    </message>
    <message>
        <source>Business days</source>
        <translation>영업일 기간</translation>
    </message>
    <message>
        <source>any merchant</source>
        <translation>모든 가맹점</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>모든 상태</translation>
    </message>
    <message>
        <source>Close day…</source>
        <translation>영업일 마감…</translation>
    </message>
    <message>
        <source>Close the chosen business day into batches for every merchant with activity</source>
        <translation>선택한 영업일을 거래가 있는 모든 가맹점에 대해 정산 배치로 마감합니다</translation>
    </message>
    <message>
        <source>Approve…</source>
        <translation>승인…</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>반려…</translation>
    </message>
    <message>
        <source>Mark paid…</source>
        <translation>지급 완료 처리…</translation>
    </message>
    <message>
        <source>Export payouts (CSV)…</source>
        <translation>지급 파일 내보내기 (CSV)…</translation>
    </message>
    <message>
        <source>Totals per business day (minor units, loaded batches)</source>
        <translation>영업일별 합계 (최소 단위, 조회된 배치 기준)</translation>
    </message>
    <message>
        <source>Refunds and fees</source>
        <translation>환불 및 수수료</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 실패: %2</translation>
    </message>
    <message>
        <source>%1: batch %2 is now %3</source>
        <translation>%1: 정산 배치 %2의 상태는 이제 %3입니다</translation>
    </message>
    <message>
        <source>Close business day</source>
        <translation>영업일 마감</translation>
    </message>
    <message>
        <source>Close business day %1 into settlement batches for every merchant with activity?</source>
        <translation>영업일 %1을(를) 거래가 있는 모든 가맹점에 대해 정산 배치로 마감할까요?</translation>
    </message>
    <message>
        <source>Close day</source>
        <translation>영업일 마감</translation>
    </message>
    <message>
        <source>Business day %1: %2 batches closed, %3 already closed</source>
        <translation>영업일 %1: 배치 %2건 마감, %3건은 이미 마감됨</translation>
    </message>
    <message>
        <source>Approve settlement</source>
        <translation>정산 승인</translation>
    </message>
    <message>
        <source>Approve batch %1 of %2 for %3 (payout %4)? The ledger entries are written now.</source>
        <translation>가맹점 %2의 %3 정산 배치 %1을(를) 승인할까요? (지급액 %4) 승인 즉시 원장 분개가 기록됩니다.</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>승인</translation>
    </message>
    <message>
        <source>Reject settlement</source>
        <translation>정산 반려</translation>
    </message>
    <message>
        <source>Why is batch %1 rejected? (recorded in the audit log)</source>
        <translation>정산 배치 %1을(를) 반려하는 사유를 입력하세요 (감사 로그에 기록됩니다).</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>반려</translation>
    </message>
    <message>
        <source>Mark settlement paid</source>
        <translation>정산 지급 완료 처리</translation>
    </message>
    <message>
        <source>Bank reference of the payout of batch %1:</source>
        <translation>정산 배치 %1 지급의 은행 거래 참조 번호:</translation>
    </message>
    <message>
        <source>Mark paid</source>
        <translation>지급 완료 처리</translation>
    </message>
    <message>
        <source>Export payouts</source>
        <translation>지급 파일 내보내기</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1에 쓸 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1 payout lines saved to %2</source>
        <translation>지급 내역 %1건을 %2에 저장했습니다</translation>
    </message>
    <message>
        <source>You (%1) closed this batch: the four-eyes rule needs a different supervisor to approve or reject it. %2</source>
        <translation>이 배치는 본인(%1)이 마감했습니다. 4안 원칙에 따라 다른 감독자가 승인하거나 반려해야 합니다. %2</translation>
    </message>
    <message>
        <source>Switch operator (File → Switch operator…) to local-checker, the second supervisor the local backend provides.</source>
        <translation>로컬 백엔드가 제공하는 두 번째 감독자인 local-checker로 운영자를 전환하세요(파일 → 운영자 전환…).</translation>
    </message>
    <message>
        <source>Switch operator (File → Switch operator…) to another supervisor&apos;s token, or ask a colleague.</source>
        <translation>다른 감독자의 토큰으로 운영자를 전환하거나(파일 → 운영자 전환…) 동료에게 요청하세요.</translation>
    </message>
    <message>
        <source>Only a CLOSED batch can be approved or rejected.</source>
        <translation>마감(CLOSED)된 배치만 승인하거나 반려할 수 있습니다.</translation>
    </message>
    <message>
        <source>Only an APPROVED batch with a payout can be marked paid.</source>
        <translation>지급액이 있는 승인(APPROVED)된 배치만 지급 완료로 표시할 수 있습니다.</translation>
    </message>
    <message>
        <source>Not allowed for you (four-eyes rule, MAKER_CHECKER): %1. Another supervisor has to do this. %2</source>
        <translation>허용되지 않음(4안 원칙, MAKER_CHECKER): %1. 다른 감독자가 처리해야 합니다. %2</translation>
    </message>
</context>
<context>
    <name>SwitchOperatorDialog</name>
    <message>
        <source>Switch operator</source>
        <translation>운영자 전환</translation>
    </message>
    <message>
        <source>operator bearer token</source>
        <translation>운영자 베어러 토큰</translation>
    </message>
    <message>
        <source>%1 (%2) — local backend</source>
        <translation>%1 (%2) — 로컬 백엔드</translation>
    </message>
    <message>
        <source>Paste a token…</source>
        <translation>토큰 붙여 넣기…</translation>
    </message>
    <message>
        <source>No local identities: this console is not connected to a backend on this machine. Paste an operator token your administrator gave you.</source>
        <translation>로컬 신원이 없습니다. 이 콘솔은 이 컴퓨터의 백엔드에 연결되어 있지 않습니다. 관리자에게 받은 운영자 토큰을 붙여 넣으세요.</translation>
    </message>
    <message>
        <source>The local backend writes its operators into its data folder. A settlement batch or an edited dead letter needs a second operator: switch to the other identity to act as checker.</source>
        <translation>로컬 백엔드는 운영자 신원을 데이터 폴더에 기록합니다. 정산 배치나 수정된 데드 레터에는 두 번째 운영자가 필요합니다. 다른 신원으로 전환해 검토자로 처리하세요.</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>운영자</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>토큰</translation>
    </message>
</context>
</TS>
