using System.Text.Json.Serialization;

namespace PSDropbox.Client;

/// <summary>files/list_folder/longpoll: whether the cursor's folder changed, and how long to wait before polling again.</summary>
public sealed class LongpollResult
{
    [JsonPropertyName("changes")] public bool Changes { get; set; }
    /// <summary>Seconds to wait before the next longpoll, when Dropbox asks clients to slow down.</summary>
    [JsonPropertyName("backoff")] public long? Backoff { get; set; }
}
