using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text;
using System.Text.Json;

namespace PSDropbox.Commands;

/// <summary>JSON to and from PowerShell values for Invoke-DropboxApi (ConvertTo-/ConvertFrom-Json without the depth surprises).</summary>
internal static class PSJson
{
    private const int MaxDepth = 64;

    /// <summary>
    /// A string is taken as JSON text (validated); hashtables, PSCustomObjects, arrays and primitives are written as
    /// JSON; DateTime becomes a Dropbox timestamp (UTC, whole seconds).
    /// </summary>
    public static string ToJson(object? value)
    {
        value = Unwrap(value);
        if (value is string text)
        {
            using (JsonDocument.Parse(text)) { }
            return text;
        }
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, value, 0);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static object? Unwrap(object? value) => value is PSObject ps && ps.BaseObject is not PSCustomObject ? ps.BaseObject : value;

    private static void Write(Utf8JsonWriter w, object? value, int depth)
    {
        if (depth > MaxDepth) throw new ArgumentException($"The argument is nested more than {MaxDepth} levels deep.");
        value = Unwrap(value);
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case string or char or Guid or Uri or Enum:
                w.WriteStringValue(value.ToString());
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case SwitchParameter s:
                w.WriteBooleanValue(s.IsPresent);
                break;
            case byte or sbyte or short or ushort or int or uint or long:
                w.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong u:
                w.WriteNumberValue(u);
                break;
            case float or double or decimal:
                w.WriteNumberValue(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case DateTime d:
                w.WriteStringValue(d.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset o:
                w.WriteStringValue(o.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                break;
            case IDictionary dictionary:
                w.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    w.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                    Write(w, entry.Value, depth + 1);
                }
                w.WriteEndObject();
                break;
            case PSObject custom:
                w.WriteStartObject();
                foreach (var property in custom.Properties)
                {
                    w.WritePropertyName(property.Name);
                    Write(w, property.Value, depth + 1);
                }
                w.WriteEndObject();
                break;
            case IEnumerable list:
                w.WriteStartArray();
                foreach (var item in list) Write(w, item, depth + 1);
                w.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"A value of type {value.GetType().Name} cannot be sent as JSON; use a hashtable, a PSCustomObject, an array, a string, a number or a boolean.");
        }
    }

    /// <summary>Objects become PSCustomObjects (".tag" stays a property), arrays object[], numbers long or double.</summary>
    public static object? ToPSValue(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var result = new PSObject();
                foreach (var property in element.EnumerateObject())
                    result.Properties.Add(new PSNoteProperty(property.Name, ToPSValue(property.Value)));
                return result;
            case JsonValueKind.Array:
                return element.EnumerateArray().Select(ToPSValue).ToArray();
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                return element.TryGetInt64(out var integer) ? (object)integer : element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }
}
