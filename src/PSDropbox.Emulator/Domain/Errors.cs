using System.Text.Json;

namespace PSDropbox.Emulator.Domain;

/// <summary>
/// A Stone union value. Void members: {".tag":"x"}. Union/primitive members are nested under the tag key
/// (<see cref="Nested"/>); struct members are inlined next to .tag (<see cref="Inline"/>).
/// </summary>
internal sealed class ErrorValue(string tag, ErrorValue? nested = null, Action<Utf8JsonWriter>? inline = null, string? inlineSummary = null)
{
    public string Tag { get; } = tag;
    public ErrorValue? Nested { get; } = nested;
    public Action<Utf8JsonWriter>? Inline { get; } = inline;

    /// <summary>The tag path used for error_summary, e.g. path/conflict/folder.</summary>
    public string SummaryPath =>
        Nested is not null ? Tag + "/" + Nested.SummaryPath : inlineSummary is not null ? Tag + "/" + inlineSummary : Tag;

    /// <summary>Chain("path","not_found") = {".tag":"path","path":{".tag":"not_found"}}.</summary>
    public static ErrorValue Chain(params string[] tags)
    {
        ErrorValue? v = null;
        for (int i = tags.Length - 1; i >= 0; i--)
        {
            v = new ErrorValue(tags[i], v);
        }
        return v ?? throw new ArgumentException("no tags", nameof(tags));
    }

    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString(".tag", Tag);
        if (Nested is not null)
        {
            w.WritePropertyName(Tag);
            Nested.Write(w);
        }
        Inline?.Invoke(w);
        w.WriteEndObject();
    }
}

/// <summary>A route error, complete with its outer tag: the edge answers it as HTTP 409 {error_summary, error, user_message?}.</summary>
internal sealed class RouteErrorException(ErrorValue error, string? userMessage = null) : Exception(error.SummaryPath)
{
    public ErrorValue Error { get; } = error;
    public string? UserMessage { get; } = userMessage;

    public static RouteErrorException Of(params string[] tags) => new(ErrorValue.Chain(tags));
}

/// <summary>
/// A problem with the path argument (LookupError or WriteError tags). It has no outer tag: the route declares under
/// which member of its error union path problems go (see Edge/PathErrors).
/// </summary>
internal sealed class PathProblemException(bool isLookup, params string[] tags) : Exception(string.Join('/', tags))
{
    /// <summary>True for LookupError tags (not_found, not_folder, malformed_path...), false for WriteError tags.</summary>
    public bool IsLookup { get; } = isLookup;
    public string[] Tags { get; } = tags;

    public static PathProblemException Lookup(params string[] tags) => new(true, tags);
    public static PathProblemException Write(params string[] tags) => new(false, tags);
}

/// <summary>A failure that names an upload-session problem (UploadSessionLookupError and friends), as an error value to wrap.</summary>
internal sealed class SessionProblemException(ErrorValue error) : Exception(error.SummaryPath)
{
    public ErrorValue Error { get; } = error;

    public static SessionProblemException Of(string tag) => new(new ErrorValue(tag));

    public static SessionProblemException IncorrectOffset(long correct) =>
        new(new ErrorValue("incorrect_offset", inline: w => w.WriteNumber("correct_offset", correct)));
}
