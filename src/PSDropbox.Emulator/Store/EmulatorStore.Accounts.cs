using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace PSDropbox.Emulator.Store;

internal sealed partial class EmulatorStore
{
    private static readonly Regex AccountName = new(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant);

    public static bool IsValidAccountName(string name) => AccountName.IsMatch(name);

    /// <summary>
    /// The extra (non-default) account called <paramref name="name"/>, created with its own namespace on first use.
    /// Its email is NAME@emulator.local, which is also how it is found again after a restart.
    /// </summary>
    public Account EnsureNamedAccount(string name)
    {
        if (!IsValidAccountName(name))
        {
            throw new ArgumentException($"Account name '{name}' must be 1-64 letters, digits, '.', '_' or '-'.", nameof(name));
        }
        string email = name.ToLowerInvariant() + "@emulator.local";
        _writeLock.Wait();
        try
        {
            using var c = OpenConnection();
            if (Scalar(c, null, "SELECT account_id FROM accounts WHERE email=$e AND is_default=0", ("$e", email)) is not string id)
            {
                id = "dbid:" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(27))[..35];
                Exec(c, null, """
                    INSERT INTO accounts(account_id, ns, given_name, surname, email, country, locale, account_type, is_default, created)
                    VALUES($id, $ns, $name, 'Emulator', $e, 'US', 'en', 'basic', 0, $now)
                    """, ("$id", id), ("$ns", (long)RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue)), ("$name", name), ("$e", email), ("$now", Now()));
            }
            return GetAccount(id)!;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Creates each NAME:TOKEN account (if missing) and makes TOKEN a long-lived token for it.</summary>
    public void AddAccounts(IEnumerable<EmulatorAccount> accounts)
    {
        foreach (var a in accounts)
        {
            var account = EnsureNamedAccount(a.Name);
            PutToken(a.Token, account.AccountId, "long_lived");
        }
    }
}
