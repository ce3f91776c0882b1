using System.Text;

namespace PSDropbox.Transport;

/// <summary>Makes JSON safe for the Dropbox-API-Arg header (dropbox-api-v2.md §1.3).</summary>
public static class ApiArgEncoder
{
    /// <summary>Escapes DEL and every non-ASCII UTF-16 unit as a lowercase \uXXXX sequence.</summary>
    /// <remarks>
    /// Only string contents can hold such characters in JSON text, so escaping them wherever they occur
    /// keeps the document equivalent. Characters above U+FFFF are already surrogate pairs in .NET strings,
    /// which is exactly the \ud83d\ude00 form Dropbox expects.
    /// </remarks>
    public static string EscapeForHeader(string json)
    {
        if (json is null) throw new ArgumentNullException(nameof(json));
        StringBuilder? sb = null;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (c < 0x7F)
            {
                sb?.Append(c);
                continue;
            }
            sb ??= new StringBuilder(json.Length + 16).Append(json, 0, i);
            sb.Append("\\u").Append(((int)c).ToString("x4"));
        }
        return sb?.ToString() ?? json;
    }
}
