import CProcessShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process spawned with a clean signal state and none of the parent's descriptors. Foundation's `Process`
/// hands the child the spawning thread's signal mask, and threads of an async server block most signals, so such a
/// child never sees SIGTERM. A child that inherited descriptors would hold the server's listening socket, client
/// connections and other children's pipes open for as long as it lives: a restarted service could not bind its port,
/// and a reader waiting for another child's end of file would wait for this child instead.
final class ChildProcess: Sendable {
    struct SpawnError: Error, CustomStringConvertible {
        let executable: String
        let code: Int32
        var description: String { "cannot start \(executable): \(String(cString: strerror(code)))" }
    }

    let pid: pid_t

    /// Starts `executable` with `arguments`, standard input and output on /dev/null, standard error inherited.
    init(executable: String, arguments: [String]) throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let closing = dcn_spawn_close_from(&actions, 3)
        guard closing == 0 else { throw SpawnError(executable: executable, code: closing) }

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let code = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard code == 0 else { throw SpawnError(executable: executable, code: code) }
        self.pid = pid
    }

    /// Waits for the child to end and returns its wait status; polls, so no thread is held. Cancelling the wait
    /// sends the child SIGTERM and still waits for it to end, so no child is left behind.
    func waitForExit() async -> Int32 {
        let pid = pid
        return await withTaskCancellationHandler {
            var status: Int32 = 0
            while true {
                let result = waitpid(pid, &status, WNOHANG)
                if result == pid || (result == -1 && errno != EINTR) { return status }
                if Task.isCancelled {
                    // A cancelled sleep returns at once; pause the thread briefly rather than spin.
                    usleep(10_000)
                } else {
                    try? await Task.sleep(for: .milliseconds(20))
                }
            }
        } onCancel: {
            kill(pid, SIGTERM)
        }
    }

    func signal(_ signal: Int32) {
        kill(pid, signal)
    }
}
