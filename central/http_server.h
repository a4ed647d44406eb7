// How kiosk-central's HTTP server is set up, shared with the benchmark's bare server so both are measured on
// the same footing.
#pragma once

#include <httplib.h>
#include <sys/socket.h>

#include <string>

namespace ow::central {

/**
 * Terminals keep their connection open and each open connection holds a worker thread; small JSON replies
 * go out at once (TCP_NODELAY), not after a delayed ACK; a connection is reused, not reopened every 5 requests.
 */
inline void tuneServer(httplib::Server& server, size_t threads) {
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_keep_alive_timeout(30);
    server.set_keep_alive_max_count(100000);
    server.set_tcp_nodelay(true);
}

/**
 * Binds HOST:PORT (PORT 0: any free port) and returns the port, or -1. httplib listens with a backlog of 5:
 * terminals reconnecting together after a restart would have their connections dropped and retried a second
 * later, so the backlog is raised once the socket is bound. Then call server.listen_after_bind().
 */
inline int bindServer(httplib::Server& server, const std::string& host, int port) {
    int fd = -1;
    server.set_socket_options([&fd](socket_t sock) {
        httplib::default_socket_options(sock);
        fd = sock;
    });
    if (port == 0) port = server.bind_to_any_port(host.c_str());
    else if (!server.bind_to_port(host.c_str(), port)) port = -1;
    if (port > 0 && fd >= 0) ::listen(fd, 1024);
    return port > 0 ? port : -1;
}

}  // namespace ow::central
