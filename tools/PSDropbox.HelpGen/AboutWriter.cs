using System.Text;

namespace PSDropbox.HelpGen;

/// <summary>
/// Turns docs/help/about_*.md into the plain text of an about_*.help.txt (what Get-Help about_... shows): "# name" becomes
/// the TOPIC, "## heading" a heading in capitals, "### heading" a sub-heading; prose is wrapped at 80 columns and indented,
/// list items keep their marker with a hanging indent, code blocks and tables are kept as written.
/// </summary>
internal static class AboutWriter
{
    private const int Width = 80;
    private const string Indent = "    ";

    public static string Render(string markdown)
    {
        var output = new StringBuilder();
        var paragraph = new List<string>();
        var inCode = false;

        void Flush()
        {
            if (paragraph.Count == 0) return;
            foreach (var para in HelpDocument.Paragraphs(paragraph))
            {
                var item = MarkdownText.IsListItem(para);
                var marker = item ? para.Substring(0, para.IndexOf(' ') + 1) : "";
                Wrap(output, Plain(para.Substring(marker.Length)), Indent + marker, Indent + new string(' ', marker.Length));
                if (!item) output.AppendLine();
            }
            if (MarkdownText.IsListItem(paragraph[paragraph.Count - 1])) output.AppendLine();
            paragraph.Clear();
        }

        foreach (var raw in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                Flush();
                if (inCode) output.AppendLine();
                inCode = !inCode;
                continue;
            }
            if (inCode)
            {
                output.AppendLine(line.Length == 0 ? "" : Indent + Indent + line);
                continue;
            }
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                Flush();
                output.AppendLine("TOPIC").AppendLine(Indent + line.Substring(2).Trim()).AppendLine();
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Flush();
                output.AppendLine(line.Substring(3).Trim().ToUpperInvariant());
            }
            else if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                Flush();
                output.AppendLine("  " + Plain(line.Substring(4).Trim()));
            }
            else if (line.StartsWith("|", StringComparison.Ordinal))
            {
                Flush();
                output.AppendLine(Indent + Plain(line));
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
        return output.ToString().TrimEnd() + Environment.NewLine;
    }

    /// <summary>Markdown code spans and emphasis read as plain text.</summary>
    private static string Plain(string text) => text.Replace("`", "").Replace("**", "");

    private static void Wrap(StringBuilder output, string text, string first, string rest)
    {
        var line = new StringBuilder(first);
        var empty = true;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > Width)
            {
                output.AppendLine(line.ToString());
                line.Clear().Append(rest);
                empty = true;
            }
            if (!empty) line.Append(' ');
            line.Append(word);
            empty = false;
        }
        output.AppendLine(line.ToString());
    }
}
