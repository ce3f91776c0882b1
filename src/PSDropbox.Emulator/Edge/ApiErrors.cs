using System.Buffers;
using System.Text;
using System.Text.Json;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Edge;

/// <summary>Thrown by the edge (argument decoding, auth); the endpoint writes it in the exact Dropbox shape. Route errors (409) are <see cref="RouteErrorException"/>.</summary>
internal abstract class ApiException(string message) : Exception(message)
{
    public abstract int StatusCode { get; }
    public abstract Task WriteAsync(HttpContext http);
}

/// <summary>HTTP 400 with a plain-text body (text/plain; charset=utf-8).</summary>
internal sealed class BadRequestException(string text) : ApiException(text)
{
    public override int StatusCode => 400;

    /// <summary><c>Error in call to API function "ns/route": reason</c>.</summary>
    public static BadRequestException InCall(string route, string reason) =>
        new($"Error in call to API function \"{route}\": {reason}");

    public override Task WriteAsync(HttpContext http) => Http.WriteTextAsync(http, 400, Message);
}

/// <summary>HTTP 401 with a JSON AuthError body.</summary>
internal sealed class AuthErrorException(string tag) : ApiException(tag)
{
    public string Tag { get; } = tag;
    public override int StatusCode => 401;

    public override Task WriteAsync(HttpContext http) =>
        Http.WriteErrorJsonAsync(http, 401, ErrorValue.Chain(Tag), null);
}

/// <summary>Low-level response writers shared by the edge, the routes and the admin API.</summary>
internal static class Http
{
    public static readonly JsonWriterOptions BodyJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>For Dropbox-API-Result: ASCII only (non-ASCII and 0x7F escaped as \uXXXX).</summary>
    public static readonly JsonWriterOptions HeaderJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default };

    public static byte[] ToJsonBytes(Action<Utf8JsonWriter> write, JsonWriterOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, options ?? BodyJson))
        {
            write(w);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Header-safe JSON text (for Dropbox-API-Result).</summary>
    public static string ToHeaderJson(Action<Utf8JsonWriter> write) =>
        Encoding.ASCII.GetString(ToJsonBytes(write, HeaderJson)).Replace("\u007f", "\\u007f", StringComparison.Ordinal);

    public static async Task WriteJsonAsync(HttpContext http, int status, Action<Utf8JsonWriter> write)
    {
        byte[] body = ToJsonBytes(write);
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body).ConfigureAwait(false);
    }

    public static async Task WriteRawJsonAsync(HttpContext http, int status, string json)
    {
        byte[] body = Encoding.UTF8.GetBytes(json);
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body).ConfigureAwait(false);
    }

    public static async Task WriteTextAsync(HttpContext http, int status, string text)
    {
        byte[] body = Encoding.UTF8.GetBytes(text);
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body).ConfigureAwait(false);
    }

    public static Task WriteErrorJsonAsync(HttpContext http, int status, ErrorValue error, string? userMessage) =>
        WriteJsonAsync(http, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("error_summary", error.SummaryPath + "/" + new string('.', Random.Shared.Next(0, 4)));
            w.WritePropertyName("error");
            error.Write(w);
            if (userMessage is not null)
            {
                w.WriteStartObject("user_message");
                w.WriteString("locale", "en");
                w.WriteString("text", userMessage);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        });

    public static string NewRequestId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}
