<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
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
</context>
</TS>
