#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/Error.h"

namespace paydesk {

// Where the MariaDB server is. Either a TCP host:port or a unix socket path.
struct DbEndpoint {
    std::string host = "127.0.0.1";
    std::uint16_t port = 3306;
    std::string unixSocket;  // when set, host/port are informational only
    std::string user = "paydesk";
    std::string password;
    std::string database = "paydesk";

    // "mysql://user:pass@host:port/db", "mysql://user:pass@localhost/db?socket=/run/mysqld/mysqld.sock",
    // or a bare socket path "/run/mysqld/mysqld.sock" (user "paydesk", database "paydesk").
    static Result<DbEndpoint> parse(const std::string& url);
    // For logs and /health: never contains the password.
    [[nodiscard]] std::string describe() const;
};

struct RedisEndpoint {
    std::string host = "127.0.0.1";
    std::uint16_t port = 6379;
    std::string unixSocket;
    std::string password;
    int database = 0;

    // "redis://[:password@]host:port[/db]" or "unix:///path/redis.sock" (optionally "?password=...").
    static Result<RedisEndpoint> parse(const std::string& url);
    [[nodiscard]] std::string describe() const;
};

struct KafkaEndpoint {
    std::vector<std::string> brokers;  // "host:port"

    // "host:port,host:port"
    static Result<KafkaEndpoint> parse(const std::string& list);
    [[nodiscard]] std::string bootstrap() const;  // comma-joined
};

// "127.0.0.1:8080" / "[::1]:8080" / ":8080" (all interfaces)
struct ListenAddress {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
    static Result<ListenAddress> parse(const std::string& text);
};

std::string percentDecode(const std::string& s);

}  // namespace paydesk
