import Foundation

/// GitHub's webhook deliveries (`X-GitHub-Event`) written as readable Markdown messages: pushes with their commits,
/// pull requests, issues and releases. `ping` (sent when the hook is made) is answered without a message.
enum GitHubEvents {
    enum Rendering: Equatable {
        case message(String)
        /// Acknowledged, nothing posted (`ping`, actions nobody needs to read such as `labeled`).
        case silent
    }

    static let supported = ["push", "pull_request", "issues", "release", "ping"]

    /// The message for an event, or nil for a type this does not know.
    static func render(event: String, payload: JSONValue) -> Rendering? {
        let repository = payload["repository"]?["full_name"]?.string ?? "a repository"
        let sender = payload["sender"]?["login"]?.string ?? "someone"
        switch event {
        case "ping":
            return .silent
        case "push":
            return push(payload, repository: repository, sender: sender)
        case "pull_request":
            guard let pull = payload["pull_request"], let action = payload["action"]?.string else { return .silent }
            let merged = action == "closed" && pull["merged"]?.bool == true
            guard ["opened", "closed", "reopened", "ready_for_review"].contains(action) else { return .silent }
            let verb = merged ? "merged" : action.replacingOccurrences(of: "_", with: " ")
            return .message(
                "[\(repository)] **\(escape(sender))** \(verb) pull request "
                    + link("#\(pull["number"]?.int ?? 0) \(pull["title"]?.string ?? "")", pull["html_url"]?.string))
        case "issues":
            guard let issue = payload["issue"], let action = payload["action"]?.string else { return .silent }
            guard ["opened", "closed", "reopened"].contains(action) else { return .silent }
            return .message(
                "[\(repository)] **\(escape(sender))** \(action) issue "
                    + link("#\(issue["number"]?.int ?? 0) \(issue["title"]?.string ?? "")", issue["html_url"]?.string))
        case "release":
            guard let release = payload["release"], payload["action"]?.string == "published" else { return .silent }
            let name = release["name"]?.string.flatMap { $0.isEmpty ? nil : $0 } ?? release["tag_name"]?.string ?? ""
            return .message(
                "[\(repository)] **\(escape(sender))** published release " + link(name, release["html_url"]?.string))
        default:
            return nil
        }
    }

    static func push(_ payload: JSONValue, repository: String, sender: String) -> Rendering {
        let branch = (payload["ref"]?.string ?? "").replacingOccurrences(of: "refs/heads/", with: "")
        guard case .array(let commits)? = payload["commits"], !commits.isEmpty else { return .silent }
        var lines = [
            "[\(repository):\(branch)] **\(escape(sender))** pushed \(commits.count) commit\(commits.count == 1 ? "" : "s")"
        ]
        for commit in commits.prefix(5) {
            let id = String((commit["id"]?.string ?? "").prefix(7).filter(\.isHexDigit))
            let title = (commit["message"]?.string ?? "").split(separator: "\n").first.map(String.init) ?? ""
            let code = "`\(id)`"
            let shown = safeURL(commit["url"]?.string).map { "[\(code)](\($0))" } ?? code
            lines.append("- " + shown + " " + escape(String(title.prefix(100))))
        }
        if commits.count > 5 { lines.append("- and \(commits.count - 5) more") }
        return .message(lines.joined(separator: "\n"))
    }

    static func link(_ text: String, _ url: String?) -> String {
        guard let url = safeURL(url) else { return escape(text) }
        return "[\(escape(text))](\(url))"
    }

    /// An https URL that cannot break out of a Markdown link.
    static func safeURL(_ url: String?) -> String? {
        guard let url, url.hasPrefix("https://"), !url.contains(where: { $0 == ")" || $0 == "(" || $0.isWhitespace })
        else { return nil }
        return url
    }

    /// Markdown's link and emphasis characters in user-chosen text shown as themselves.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "[]*_`\\<>".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
