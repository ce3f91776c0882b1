namespace PSDropbox.HelpGen;

/// <summary>The prose of one cmdlet's help, read from docs/help/&lt;Cmdlet&gt;.md.</summary>
internal sealed class HelpDocument
{
    public string Name { get; set; } = "";
    public string Synopsis { get; set; } = "";
    public List<string> Description { get; } = new();
    public List<HelpExample> Examples { get; } = new();
    public Dictionary<string, List<string>> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<string> Notes { get; } = new();
    public List<string> RelatedLinks { get; } = new();

    /// <summary>
    /// Reads the PlatyPS-like layout: "# Name", "## SYNOPSIS", "## DESCRIPTION", "## EXAMPLES" with
    /// "### Example N: title", a fenced code block and remarks, "## PARAMETERS" with "### -Name", "## NOTES",
    /// "## RELATED LINKS" with "- Name" items.
    /// </summary>
    /// <summary>
    /// The lines of one markdown paragraph as help paragraphs: prose joined into one, a list as one paragraph per item (kept
    /// with its "- " or "1. " marker, so Get-Help shows a list).
    /// </summary>
    internal static List<string> Paragraphs(List<string> lines)
    {
        var result = new List<string>();
        foreach (var line in lines)
        {
            if (MarkdownText.IsListItem(line) || result.Count == 0) result.Add(line.Trim());
            else result[result.Count - 1] += " " + line.Trim();
        }
        return result;
    }

    public static HelpDocument Parse(string text)
    {
        var doc = new HelpDocument();
        string section = "";
        HelpExample? example = null;
        List<string>? parameter = null;
        var paragraph = new List<string>();
        var inCode = false;
        var code = new List<string>();

        void Flush()
        {
            if (paragraph.Count == 0) return;
            var paras = Paragraphs(paragraph);
            paragraph.Clear();
            foreach (var para in paras)
            {
                switch (section)
                {
                    case "SYNOPSIS": doc.Synopsis = doc.Synopsis.Length == 0 ? para : doc.Synopsis + " " + para; break;
                    case "DESCRIPTION": doc.Description.Add(para); break;
                    case "EXAMPLES": example?.Remarks.Add(para); break;
                    case "PARAMETERS": parameter?.Add(para); break;
                    case "NOTES": doc.Notes.Add(para); break;
                }
            }
        }

        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                if (inCode && example is not null) example.Code = string.Join("\n", code);
                if (!inCode) Flush();
                inCode = !inCode;
                code.Clear();
                continue;
            }
            if (inCode)
            {
                code.Add(line);
                continue;
            }
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                doc.Name = line[2..].Trim();
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Flush();
                section = line[3..].Trim().ToUpperInvariant();
                example = null;
                parameter = null;
            }
            else if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                Flush();
                var heading = line[4..].Trim();
                if (section == "EXAMPLES") doc.Examples.Add(example = new HelpExample(heading));
                else if (section == "PARAMETERS") doc.Parameters[heading.TrimStart('-')] = parameter = new List<string>();
            }
            else if (section == "RELATED LINKS" && line.StartsWith("- ", StringComparison.Ordinal))
            {
                doc.RelatedLinks.Add(line[2..].Trim());
            }
            else if (line.Trim().Length == 0)
            {
                Flush();
            }
            else
            {
                paragraph.Add(line);
            }
        }
        Flush();
        return doc;
    }
}

internal static class MarkdownText
{
    /// <summary>"- item" and "1. item" lines (and the lines that continue them).</summary>
    public static bool IsListItem(string line)
    {
        var t = line.TrimStart();
        if (t.StartsWith("- ", StringComparison.Ordinal) || t.StartsWith("* ", StringComparison.Ordinal)) return true;
        var dot = t.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 && dot <= 3 && t.Take(dot).All(char.IsDigit);
    }
}

internal sealed class HelpExample
{
    public HelpExample(string title) => Title = title;

    public string Title { get; }
    public string Code { get; set; } = "";
    public List<string> Remarks { get; } = new();
}
