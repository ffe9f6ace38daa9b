import Foundation
import TestSupport

extension ToolRun {
    /// The JSON object a client driver prints as its last line (its summary of what it saw), nil when there is none.
    var summary: [String: Any]? {
        let lastLine = outputText.split(separator: "\n").last.map(String.init) ?? ""
        return (try? JSONSerialization.jsonObject(with: Data(lastLine.utf8))) as? [String: Any]
    }
}
