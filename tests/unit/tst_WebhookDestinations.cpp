#include <QtTest>

#include "service/ServerConfig.h"
#include "webhooks/DestinationPolicy.h"
#include "webhooks/HttpClient.h"

using namespace paydesk;
using namespace paydesk::webhooks;

namespace {
IpAddress ip(const char* text) {
    const auto a = IpAddress::parse(text);
    if (!a) qFatal("not an address: %s", text);
    return *a;
}

std::string rangeOf(const char* text) {
    const auto r = forbiddenRange(ip(text));
    return r ? std::string(r->name) : std::string("public");
}

service::ParsedCommandLine parse(std::vector<const char*> args) {
    args.insert(args.begin(), "paydeskd");
    return service::parseCommandLine(static_cast<int>(args.size()), args.data());
}
}  // namespace

// Where webhooks may go: the address classifier, the allow-list and the URL parser.
class TestWebhookDestinations : public QObject {
    Q_OBJECT

private slots:
    void everyForbiddenRange_data() {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("range");
        const std::pair<const char*, const char*> rows[] = {
            // IPv4: both ends of every range
            {"0.0.0.0", "unspecified (\"this network\")"},
            {"0.255.255.255", "unspecified (\"this network\")"},
            {"10.0.0.0", "private network"},
            {"10.255.255.255", "private network"},
            {"100.64.0.0", "shared address space (carrier-grade NAT)"},
            {"100.127.255.255", "shared address space (carrier-grade NAT)"},
            {"127.0.0.1", "loopback"},
            {"127.255.255.254", "loopback"},
            {"169.254.0.1", "link-local (cloud metadata)"},
            {"169.254.169.254", "link-local (cloud metadata)"},
            {"172.16.0.0", "private network"},
            {"172.31.255.255", "private network"},
            {"192.0.0.8", "IETF protocol assignment"},
            {"192.0.0.255", "IETF protocol assignment"},
            {"192.0.2.1", "documentation"},
            {"198.51.100.7", "documentation"},
            {"203.0.113.255", "documentation"},
            {"192.88.99.1", "6to4 relay anycast"},
            {"192.168.0.0", "private network"},
            {"192.168.255.255", "private network"},
            {"198.18.0.0", "benchmarking"},
            {"198.19.255.255", "benchmarking"},
            {"224.0.0.1", "multicast"},
            {"239.255.255.250", "multicast"},
            {"240.0.0.1", "reserved"},
            {"255.255.255.254", "reserved"},
            {"255.255.255.255", "broadcast"},
            // IPv6
            {"::", "unspecified"},
            {"::1", "loopback"},
            {"64:ff9b::a00:1", "IPv4/IPv6 translation (NAT64)"},
            {"64:ff9b:1::1", "IPv4/IPv6 translation (NAT64)"},
            {"100::1", "discard-only"},
            {"2001::1", "Teredo tunnelling"},
            {"2001:2::1", "IETF protocol assignment"},
            {"2001:1ff:ffff::1", "IETF protocol assignment"},
            {"2001:db8::1", "documentation"},
            {"3fff::1", "documentation"},
            {"2002:7f00:1::1", "6to4 tunnelling"},
            {"fc00::1", "unique local (private network)"},
            {"fd00::1", "unique local (private network)"},
            {"fd00:ec2::254", "unique local (private network)"},
            {"fe80::1", "link-local"},
            {"febf::1", "link-local"},
            {"fec0::1", "site-local"},
            {"ff02::1", "multicast"},
            {"ff0e::1", "multicast"},
            {"::a00:1", "reserved"},          // IPv4-compatible (deprecated)
            {"::ffff:0:7f00:1", "reserved"},  // IPv4-translated
            {"5f00::1", "reserved"},          // outside global unicast 2000::/3
            {"4000::1", "reserved"},
            // IPv4-mapped IPv6 is the IPv4 address
            {"::ffff:127.0.0.1", "loopback"},
            {"::ffff:7f00:1", "loopback"},
            {"::ffff:169.254.169.254", "link-local (cloud metadata)"},
            {"::ffff:10.0.0.1", "private network"},
            {"::ffff:0.0.0.0", "unspecified (\"this network\")"},
            {"::ffff:224.0.0.1", "multicast"},
        };
        for (const auto& [address, range] : rows) QTest::newRow(address) << address << range;
    }
    void everyForbiddenRange() {
        QFETCH(QString, address);
        QFETCH(QString, range);
        QCOMPARE(QString::fromStdString(rangeOf(address.toLatin1().constData())), range);
    }

    void publicAddressesJustOutsideTheRanges_data() {
        QTest::addColumn<QString>("address");
        for (const char* a : {"1.1.1.1",         "8.8.8.8",         "9.255.255.255",
                              "11.0.0.0",        "100.63.255.255",  "100.128.0.0",
                              "126.255.255.255", "128.0.0.0",       "169.253.255.255",
                              "169.255.0.0",     "172.15.255.255",  "172.32.0.0",
                              "192.0.1.0",       "192.167.255.255", "192.169.0.0",
                              "198.17.255.255",  "198.20.0.0",      "223.255.255.255",
                              "::ffff:8.8.8.8",  "2001:200::1",     "2001:4860:4860::8888",
                              "2606:4700::1111", "2a00:1450::1",    "2003::1",
                              "3ffe::1"}) {
            QTest::newRow(a) << a;
        }
    }
    void publicAddressesJustOutsideTheRanges() {
        QFETCH(QString, address);
        QCOMPARE(QString::fromStdString(rangeOf(address.toLatin1().constData())), QString("public"));
    }

    void mappedAndPlainIpv4AreOneValue() {
        QVERIFY(ip("::ffff:127.0.0.1") == ip("127.0.0.1"));
        QVERIFY(ip("127.0.0.1").isV4());
        QVERIFY(!ip("::1").isV4());
        QCOMPARE(ip("::ffff:10.1.2.3").toString(), std::string("10.1.2.3"));
        QCOMPARE(ip("fd00:0:0::1").toString(), std::string("fd00::1"));
        QVERIFY(!IpAddress::parse("localhost"));
        QVERIFY(!IpAddress::parse(
            "127.1"));  // only canonical numeric text here; names and odd forms go through the resolver
        QVERIFY(!IpAddress::parse("fe80::1%eth0"));
        QVERIFY(!IpAddress::parse(""));
    }

    void networksParse() {
        auto n = IpNetwork::parse("127.0.0.0/8");
        QVERIFY(n.ok());
        QCOMPARE(n->toString(), std::string("127.0.0.0/8"));
        QVERIFY(n->contains(ip("127.9.9.9")));
        QVERIFY(n->contains(ip("::ffff:127.0.0.1")));  // an IPv4 network covers the mapped form
        QVERIFY(!n->contains(ip("128.0.0.1")));
        QVERIFY(!n->contains(ip("::1")));
        n = IpNetwork::parse("10.1.2.3/8");  // host bits are cleared
        QVERIFY(n.ok());
        QCOMPARE(n->toString(), std::string("10.0.0.0/8"));
        n = IpNetwork::parse("172.16.0.0/12");
        QVERIFY(n->contains(ip("172.31.255.255")) && !n->contains(ip("172.32.0.0")));
        n = IpNetwork::parse(" 192.168.1.7 ");  // one host
        QVERIFY(n.ok());
        QCOMPARE(n->toString(), std::string("192.168.1.7/32"));
        QVERIFY(n->contains(ip("192.168.1.7")) && !n->contains(ip("192.168.1.8")));
        n = IpNetwork::parse("fd00::/8");
        QVERIFY(n->contains(ip("fd12::1")) && !n->contains(ip("fe00::1")));
        n = IpNetwork::parse("::1");
        QCOMPARE(n->toString(), std::string("::1/128"));
        n = IpNetwork::parse("0.0.0.0/0");
        QVERIFY(n->contains(ip("8.8.8.8")) && !n->contains(ip("2001:4860::1")));
        n = IpNetwork::parse("::/0");
        QVERIFY(n->contains(ip("8.8.8.8")) && n->contains(ip("2001:4860::1")));
        for (const char* bad : {"", "/8", "10.0.0.0/", "10.0.0.0/33", "fd00::/129", "10.0.0/8", "abc", "10.0.0.0/-1",
                                "10.0.0.0/8/8", "::1/1x", "10.0.0.0/0008", "localhost/8"}) {
            const auto r = IpNetwork::parse(bad);
            QVERIFY2(!r.ok(), bad);
            QCOMPARE(r.error().code, std::string("CONFIG_INVALID"));
        }
    }

    void networkListsParse() {
        auto list = parseNetworkList("127.0.0.0/8, ::1/128 ,fd00::/8");
        QVERIFY(list.ok());
        QCOMPARE(list->size(), std::size_t(3));
        QCOMPARE(list->at(1).toString(), std::string("::1/128"));
        QCOMPARE(parseNetworkList("")->size(), std::size_t(0));
        QCOMPARE(parseNetworkList(" , 10.0.0.0/8,,")->size(), std::size_t(1));
        const auto bad = parseNetworkList("127.0.0.0/8,10.0.0.0/40");
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().message.find("10.0.0.0/40") != std::string::npos, bad.error().message.c_str());
        std::string many;
        for (int i = 0; i < 65; ++i) many += "10.0.0." + std::to_string(i) + ",";
        QVERIFY(!parseNetworkList(many).ok());
    }

    void theCommandLineTakesTheAllowList() {
        auto none = parse({});
        QVERIFY(none.config);
        QVERIFY(none.config->webhookAllowNetworks.empty());
        auto some = parse({"--webhook-allow-networks", "127.0.0.0/8,fd00::/8", "--webhook-concurrency", "8",
                           "--webhook-endpoint-concurrency", "2"});
        QVERIFY2(some.config, some.output.c_str());
        QCOMPARE(some.config->webhookAllowNetworks.size(), std::size_t(2));
        QCOMPARE(some.config->webhookConcurrency, std::size_t(8));
        QCOMPARE(some.config->webhookEndpointConcurrency, std::size_t(2));
        qputenv("PAYDESK_WEBHOOK_ALLOW_NETWORKS", "10.0.0.0/8");
        auto env = parse({});
        qunsetenv("PAYDESK_WEBHOOK_ALLOW_NETWORKS");
        QVERIFY(env.config);
        QCOMPARE(env.config->webhookAllowNetworks.size(), std::size_t(1));
        auto bad = parse({"--webhook-allow-networks", "127.0.0.0/99"});
        QVERIFY(!bad.config);
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.output.find("--webhook-allow-networks") != std::string::npos, bad.output.c_str());
    }

    void thePolicyRefusesUnlessAllowListed() {
        const DestinationPolicy strict;
        QCOMPARE(strict.check(ip("127.0.0.1"), 8080).error().code, std::string("WEBHOOK_FORBIDDEN_DESTINATION"));
        QVERIFY(strict.check(ip("169.254.169.254"), 80).error().message.find("link-local") != std::string::npos);
        QVERIFY(strict.check(ip("8.8.8.8"), 443).ok());

        const DestinationPolicy loopbackAllowed(parseNetworkList("127.0.0.0/8").value(), {}, {});
        QVERIFY(loopbackAllowed.check(ip("127.0.0.1"), 8080).ok());
        QVERIFY(loopbackAllowed.check(ip("::ffff:127.0.0.2"), 8080).ok());
        QVERIFY(!loopbackAllowed.check(ip("::1"), 8080).ok());
        QVERIFY(!loopbackAllowed.check(ip("10.0.0.1"), 80).ok());
        QVERIFY(!loopbackAllowed.check(ip("169.254.169.254"), 80).ok());

        // No allow-list opens the unspecified address (0.0.0.0 reaches this host), multicast or broadcast.
        const DestinationPolicy everything(parseNetworkList("0.0.0.0/0,::/0").value(), {}, {});
        QVERIFY(everything.check(ip("10.0.0.1"), 80).ok());
        QVERIFY(everything.check(ip("fd00::1"), 80).ok());
        for (const char* never : {"0.0.0.0", "::", "224.0.0.1", "255.255.255.255", "ff02::1", "::ffff:0.0.0.0"}) {
            QVERIFY2(!everything.check(ip(never), 80).ok(), never);
        }
    }

    void ownServicesAreNeverADestination() {
        const DestinationPolicy policy(parseNetworkList("127.0.0.0/8,::1,10.0.0.0/8").value(), {8080, 3306},
                                       {ip("10.9.9.9")});
        QVERIFY(!policy.check(ip("127.0.0.1"), 8080).ok());
        QVERIFY(!policy.check(ip("127.0.0.53"), 3306).ok());
        QVERIFY(!policy.check(ip("::1"), 8080).ok());
        QVERIFY(!policy.check(ip("10.9.9.9"), 8080).ok());  // this host's own interface address
        QVERIFY(policy.check(ip("127.0.0.1"), 8081).ok());
        QVERIFY(policy.check(ip("10.9.9.8"), 8080).ok());  // another machine
        QVERIFY(policy.check(ip("8.8.8.8"), 8080).ok());
        QVERIFY(policy.check(ip("10.9.9.9"), 8081).ok());
    }

    void resolvingChecksEveryAddress() {
        const DestinationPolicy strict;
        auto r = strict.resolve("127.0.0.1", 80);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, std::string("WEBHOOK_FORBIDDEN_DESTINATION"));
        r = strict.resolve("2130706433", 80);  // the resolver's other spellings of 127.0.0.1 end up as the same address
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, std::string("WEBHOOK_FORBIDDEN_DESTINATION"));
        r = strict.resolve("localhost", 80);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, std::string("WEBHOOK_FORBIDDEN_DESTINATION"));
        QVERIFY2(r.error().message.find("127.0.0.1") == std::string::npos,
                 r.error().message.c_str());  // never says what a name resolved to
        r = strict.resolve("name.invalid", 80);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, std::string("WEBHOOK_CONNECT"));

        const DestinationPolicy loopback(parseNetworkList("127.0.0.0/8,::1").value(), {}, {});
        r = loopback.resolve("127.0.0.1", 80);
        QVERIFY(r.ok());
        QCOMPARE(r->size(), std::size_t(1));
        QVERIFY(r->front() == ip("127.0.0.1"));
        r = loopback.resolve("localhost", 80);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        for (const IpAddress& a : r.value()) QCOMPARE(std::string(forbiddenRange(a)->name), std::string("loopback"));
    }

    void urlsParse() {
        auto u = ParsedUrl::parse("http://[::1]:8080/x?y=1");
        QVERIFY(u.ok());
        QCOMPARE(u->host, std::string("::1"));
        QCOMPARE(u->port, std::uint16_t(8080));
        QCOMPARE(u->target, std::string("/x?y=1"));
        QCOMPARE(u->hostHeader(), std::string("[::1]:8080"));
        u = ParsedUrl::parse("https://merchant.example");
        QVERIFY(u.ok());
        QVERIFY(u->tls);
        QCOMPARE(u->port, std::uint16_t(443));
        QCOMPARE(u->target, std::string("/"));
        QCOMPARE(u->hostHeader(), std::string("merchant.example"));
        u = ParsedUrl::parse("http://merchant.example:8443/hooks");
        QCOMPARE(u->hostHeader(), std::string("merchant.example:8443"));
        for (const char* bad : {"ftp://x/", "http://", "http:///x", "http://h:0/", "http://h:65536/", "http://h:/",
                                "http://h:8a/", "http://ho st/", "http://a.com?x=1", "http://evil.example#@127.0.0.1/",
                                "http://user:pw@h/", "http://[fe80::1%25eth0]/", "http://[127.0.0.1]/", "http://[::1/",
                                "http://[::1]x/", "http://::1/", "http://h/a b", "http://h/\x7f"}) {
            const auto r = ParsedUrl::parse(bad);
            QVERIFY2(!r.ok(), bad);
            QCOMPARE(r.error().code, std::string("VALIDATION_ERROR"));
        }
    }
};

QTEST_GUILESS_MAIN(TestWebhookDestinations)
#include "tst_WebhookDestinations.moc"
