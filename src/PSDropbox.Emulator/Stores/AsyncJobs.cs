using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

/// <summary>
/// Background jobs behind the batch routes (copy_batch_v2, move_batch_v2, delete_batch): launch returns an
/// async_job_id at once, the work runs on the thread pool and the /check routes poll it. Jobs live in memory:
/// after a restart their ids are unknown (invalid_async_job_id), as an expired job would be.
/// </summary>
internal sealed class AsyncJobs
{
    private readonly ConcurrentDictionary<string, AsyncJob> _jobs = new(StringComparer.Ordinal);

    /// <summary>Tests: how long a job waits before it starts, so /check can be seen answering in_progress.</summary>
    public TimeSpan StartDelay { get; set; }

    /// <summary>Starts <paramref name="work"/>, which returns a writer for the job's result (e.g. the entries list).</summary>
    public string Start(Account owner, Func<Task<Action<Utf8JsonWriter>>> work)
    {
        string id = "dbjid:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_');
        var delay = StartDelay;
        var task = Task.Run(async () =>
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay).ConfigureAwait(false);
            }
            return await work().ConfigureAwait(false);
        });
        _jobs[id] = new AsyncJob(owner.AccountId, task);
        return id;
    }

    /// <summary>The job, or null when the id is unknown or belongs to another account.</summary>
    public AsyncJob? Find(Account caller, string id) =>
        _jobs.TryGetValue(id, out var job) && job.AccountId == caller.AccountId ? job : null;
}

internal sealed record AsyncJob(string AccountId, Task<Action<Utf8JsonWriter>> Work);
