using System.Management.Automation;

namespace PSDropbox.HelpGen;

/// <summary>What every cmdlet's help must have: a synopsis, a description, every parameter described, two examples.</summary>
internal static class HelpRules
{
    public static IEnumerable<string> Check(string name, Type type, HelpDocument doc)
    {
        if (!string.Equals(doc.Name, name, StringComparison.OrdinalIgnoreCase)) yield return $"{name}: title is '{doc.Name}'";
        if (doc.Synopsis.Length == 0) yield return $"{name}: no SYNOPSIS";
        if (doc.Description.Count == 0) yield return $"{name}: no DESCRIPTION";
        if (doc.Examples.Count < 2) yield return $"{name}: {doc.Examples.Count} example(s), at least 2 needed";
        foreach (var example in doc.Examples.Where(e => e.Code.Trim().Length == 0)) yield return $"{name}: '{example.Title}' has no code";
        var metadata = new CommandMetadata(type);
        foreach (var parameter in metadata.Parameters.Keys)
        {
            if (!doc.Parameters.TryGetValue(parameter, out var text) || text.Count == 0) yield return $"{name}: -{parameter} is not described";
        }
        var shouldProcess = metadata.SupportsShouldProcess ? new[] { "WhatIf", "Confirm" } : Array.Empty<string>();
        foreach (var documented in doc.Parameters.Keys.Where(p => !metadata.Parameters.ContainsKey(p) && !shouldProcess.Contains(p, StringComparer.OrdinalIgnoreCase)))
        {
            yield return $"{name}: documents -{documented}, which the cmdlet does not have";
        }
    }
}
