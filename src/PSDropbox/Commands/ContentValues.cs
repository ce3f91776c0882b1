using System.Management.Automation;
using PSDropbox.Content;

namespace PSDropbox.Commands;

/// <summary>How a value from the pipeline becomes file content: bytes as they are, anything else as a line of text.</summary>
internal static class ContentValues
{
    /// <summary>Writes <paramref name="item"/> to <paramref name="spool"/>; with <paramref name="bytesOnly"/> a non-byte value is an ArgumentException.</summary>
    public static void Write(ContentSpool spool, object? item, bool noNewline, bool bytesOnly)
    {
        var value = item is PSObject wrapped ? wrapped.BaseObject : item;
        switch (value)
        {
            case null:
                break;
            case byte single:
                spool.WriteBytes(new[] { single }, 0, 1);
                break;
            case byte[] bytes:
                spool.WriteBytes(bytes, 0, bytes.Length);
                break;
            case var _ when bytesOnly:
                throw new ArgumentException($"With -AsByteStream every value must be a byte or a byte array; '{value}' is a {value.GetType().Name}.");
            default:
                spool.WriteText(LanguagePrimitives.ConvertTo<string>(value) + (noNewline ? "" : Environment.NewLine));
                break;
        }
    }
}
