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
            var para = string.Join(" ", paragraph.Select(l => l.Trim()));
            paragraph.Clear();
            switch (section)
            {
                case "SYNOPSIS": doc.Synopsis = doc.Synopsis.Length == 0 ? para : doc.Synopsis + " " + para; break;
                case "DESCRIPTION": doc.Description.Add(para); break;
                case "EXAMPLES": example?.Remarks.Add(para); break;
                case "PARAMETERS": parameter?.Add(para); break;
                case "NOTES": doc.Notes.Add(para); break;
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

internal sealed class HelpExample
{
    public HelpExample(string title) => Title = title;

    public string Title { get; }
    public string Code { get; set; } = "";
    public List<string> Remarks { get; } = new();
}
