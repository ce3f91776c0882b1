# The PSDropbox emulator as a fixture: Start-DropboxEmulator runs it as a child process of this PowerShell session,
# Stop-DropboxEmulator stops it. The emulator runs with --exit-on-stdin-close and this session holds its standard
# input, so it also stops when the session ends in any way (exit, a closed window, a killed process).
# Works in Windows PowerShell 5.1 and PowerShell 7 (hence no ProcessStartInfo.ArgumentList, no ?? or ?:).

Set-StrictMode -Version 3.0

# Process id -> @{ Id; Process; TemporaryData (a folder to remove, or $null) }
$script:Running = @{}

function New-EmulatorError([string]$Message, [string]$Id, [System.Management.Automation.ErrorCategory]$Category, $Target) {
    [System.Management.Automation.ErrorRecord]::new([System.InvalidOperationException]::new($Message), "PSDropbox.Emulator.$Id", $Category, $Target)
}

function Get-EmulatorAssembly {
    # The build writes where it put the emulator (relative to this folder) into emulator-path.txt.
    $pathFile = Join-Path $PSScriptRoot 'emulator-path.txt'
    $dll = $null
    if (Test-Path -LiteralPath $pathFile) {
        $dll = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($PSScriptRoot, (Get-Content -LiteralPath $pathFile -TotalCount 1)))
    }
    if (-not $dll -or -not (Test-Path -LiteralPath $dll -PathType Leaf)) {
        $where = if ($dll) { $dll } else { $pathFile }
        throw (New-EmulatorError "The emulator is not built (missing: $where). Build it with 'dotnet build -c Release' (or ./build.ps1) in the PSDropbox folder." 'NotBuilt' ObjectNotFound $where)
    }
    $dll
}

function Get-DotNet {
    $dotnet = Get-Command -Name dotnet -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if (-not $dotnet) {
        throw (New-EmulatorError "The emulator needs the .NET runtime: 'dotnet' was not found on PATH." 'DotNetNotFound' ObjectNotFound 'dotnet')
    }
    $dotnet.Source
}

function ConvertTo-CommandLine([string[]]$Arguments) {
    # One string that .NET splits back into exactly these arguments (the Windows command-line rules, on every OS).
    $quoted = foreach ($a in $Arguments) {
        if ($a.Length -gt 0 -and $a -notmatch '[\s"]') { $a }
        else { '"' + ($a -replace '(\\*)"', '$1$1\"' -replace '(\\+)$', '$1$1') + '"' }
    }
    $quoted -join ' '
}

function New-EmulatorToken {
    $bytes = [byte[]]::new(20)
    $rng = [System.Security.Cryptography.RandomNumberGenerator]::Create()
    try { $rng.GetBytes($bytes) } finally { $rng.Dispose() }
    'sl.emulator.' + (($bytes | ForEach-Object { $_.ToString('x2') }) -join '')
}

function Stop-EmulatorProcess($Entry) {
    $process = $Entry.Process
    try {
        if (-not $process.HasExited) {
            $process.StandardInput.Close()   # the emulator shuts down cleanly when its standard input closes
            if (-not $process.WaitForExit(10000)) {
                $process.Kill()
                $null = $process.WaitForExit(5000)
            }
        }
    }
    finally {
        $process.Dispose()
        $script:Running.Remove($Entry.Id)
        # .NET calls only: this also runs while the session closes, when modules (Management...) no longer load.
        if ($Entry.TemporaryData -and [System.IO.Directory]::Exists($Entry.TemporaryData)) {
            [System.IO.Directory]::Delete($Entry.TemporaryData, $true)
        }
    }
}

function Stop-AllEmulators {
    foreach ($entry in @($script:Running.Values)) {
        try { Stop-EmulatorProcess $entry } catch { Write-Warning "Stopping the emulator (process $($entry.Id)) failed: $_" }
    }
}

function Start-DropboxEmulator {
    <#
    .SYNOPSIS
        Starts a fresh PSDropbox emulator (a Dropbox API v2 server on http://127.0.0.1) and waits until it answers.
    .DESCRIPTION
        The emulator runs as a child process of this PowerShell session and keeps its state in -Data, or in a temporary
        folder that Stop-DropboxEmulator removes. It is stopped when the session ends. Relative paths are taken from the
        current PowerShell location. Connect to it with:
            Connect-Dropbox -AccessToken $emulator.AccessToken -ApiEndpoint $emulator.BaseUrl
    .PARAMETER Port
        TCP port on 127.0.0.1; 0 (the default) lets the system choose a free one.
    .PARAMETER Data
        Folder for the emulator's state, kept across runs. Without it, a temporary folder removed when the emulator stops.
    .PARAMETER Seed
        Local folder whose files and folders are merged into the default account's root at start.
    .PARAMETER AccessToken
        Long-lived access token of the default account (user@emulator.local); a random one by default.
    .PARAMETER Account
        Further accounts, each NAME:TOKEN, with their own Dropbox (email NAME@emulator.local).
    .PARAMETER AppKey
        Registers an OAuth app with this key, for Connect-Dropbox -AppKey against the emulator.
    .PARAMETER AppSecret
        The secret of the -AppKey app (omit for a PKCE-only app).
    .PARAMETER RedirectUri
        Redirect URIs of the -AppKey app, matched exactly.
    .PARAMETER Faults
        Faults to inject, for example '429=0.1,503=0.05,cut=0.05' (see the emulator's --help).
    .PARAMETER FaultSeed
        Makes fault injection reproducible.
    .PARAMETER Latency
        Milliseconds every request waits before it is handled, as a round trip to Dropbox would (default 0).
    .PARAMETER LatencyJitter
        Up to this many more milliseconds per request, at random.
    .PARAMETER TlsProxyPort
        Also runs an HTTP CONNECT proxy on this port (0 = a free one) that serves Dropbox's own hostnames
        (api.dropboxapi.com, content.dropboxapi.com, notify.dropboxapi.com, www.dropbox.com) over TLS, for clients that
        insist on https (the Python SDK, rclone). The result's TlsProxyUrl and TlsCaCertificatePath are what those
        clients need (HTTPS_PROXY, and the CA to trust: REQUESTS_CA_BUNDLE, SSL_CERT_FILE, --ca-cert).
    .PARAMETER Team
        Team mode: the default account (the team admin) and every -Account become members of this team.
    .PARAMETER TeamToken
        A long-lived team-scoped token (team routes; -AsMember/-AsAdmin act as a member). Needs -Team.
    .PARAMETER TeamFolder
        Team folders at the top of the team space. Needs -Team.
    .PARAMETER ArgumentList
        Further emulator options passed as they are, for example '--longpoll-timeout', '2'.
    .PARAMETER TimeoutSec
        How long to wait for the emulator to answer (default 60 seconds).
    .OUTPUTS
        An object with BaseUrl (http://127.0.0.1:PORT), Port, AccessToken, DataPath, ProcessId, and with -TlsProxyPort
        TlsProxyUrl (http://127.0.0.1:PORT) and TlsCaCertificatePath.
    .EXAMPLE
        $emulator = Start-DropboxEmulator -Seed ./samples/tree
        Connect-Dropbox -AccessToken $emulator.AccessToken -ApiEndpoint $emulator.BaseUrl
        Get-DropboxChildItem / -Recurse
        $emulator | Stop-DropboxEmulator
    .EXAMPLE
        $emulator = Start-DropboxEmulator -Latency 50 -TlsProxyPort 0
        $env:HTTPS_PROXY = $emulator.TlsProxyUrl; $env:SSL_CERT_FILE = $emulator.TlsCaCertificatePath
        rclone lsf dropbox: --dropbox-token "{`"access_token`":`"$($emulator.AccessToken)`",`"token_type`":`"bearer`"}"

        A Dropbox round trip of 50 ms, and Dropbox's own https hostnames for a tool that insists on them.
    #>
    [CmdletBinding()]
    [OutputType('PSDropbox.EmulatorInstance')]
    param(
        [ValidateRange(0, 65535)] [int] $Port = 0,
        [ValidateNotNullOrEmpty()] [string] $Data,
        [ValidateNotNullOrEmpty()] [string] $Seed,
        [ValidateNotNullOrEmpty()] [string] $AccessToken = (New-EmulatorToken),
        [ValidatePattern('^[^:]+:.+$')] [string[]] $Account,
        [ValidateNotNullOrEmpty()] [string] $AppKey,
        [ValidateNotNullOrEmpty()] [string] $AppSecret,
        [string[]] $RedirectUri,
        [ValidateNotNullOrEmpty()] [string] $Faults,
        [int] $FaultSeed,
        [ValidateRange(0, 600000)] [int] $Latency,
        [ValidateRange(0, 600000)] [int] $LatencyJitter,
        [ValidateRange(0, 65535)] [int] $TlsProxyPort,
        [ValidateNotNullOrEmpty()] [string] $Team,
        [ValidateNotNullOrEmpty()] [string] $TeamToken,
        [ValidateNotNullOrEmpty()] [string[]] $TeamFolder,
        [string[]] $ArgumentList,
        [ValidateRange(1, 3600)] [int] $TimeoutSec = 60
    )

    try {
        $dll = Get-EmulatorAssembly
        $dotnet = Get-DotNet
    }
    catch { $PSCmdlet.ThrowTerminatingError($_) }

    $here = (Get-Location -PSProvider FileSystem).ProviderPath
    $arguments = [System.Collections.Generic.List[string]]::new()
    $arguments.AddRange([string[]]@($dll, '--port', $Port, '--access-token', $AccessToken, '--exit-on-stdin-close'))
    if ($Seed) {
        $seedPath = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($Seed)
        if (-not (Test-Path -LiteralPath $seedPath -PathType Container)) {
            $PSCmdlet.ThrowTerminatingError((New-EmulatorError "The seed folder '$seedPath' does not exist." 'SeedNotFound' ObjectNotFound $Seed))
        }
        $arguments.AddRange([string[]]@('--seed', $seedPath))
    }
    foreach ($a in @($Account | Where-Object { $_ })) { $arguments.AddRange([string[]]@('--account', $a)) }
    if ($AppKey) { $arguments.AddRange([string[]]@('--app-key', $AppKey)) }
    if ($AppSecret) { $arguments.AddRange([string[]]@('--app-secret', $AppSecret)) }
    foreach ($u in @($RedirectUri | Where-Object { $_ })) { $arguments.AddRange([string[]]@('--redirect-uri', $u)) }
    if ($Faults) { $arguments.AddRange([string[]]@('--faults', $Faults)) }
    if ($PSBoundParameters.ContainsKey('FaultSeed')) { $arguments.AddRange([string[]]@('--fault-seed', $FaultSeed)) }
    if ($Latency) { $arguments.AddRange([string[]]@('--latency', $Latency)) }
    if ($LatencyJitter) { $arguments.AddRange([string[]]@('--latency-jitter', $LatencyJitter)) }
    $withTlsProxy = $PSBoundParameters.ContainsKey('TlsProxyPort')
    if ($withTlsProxy) { $arguments.AddRange([string[]]@('--tls-proxy-port', $TlsProxyPort)) }
    if (($TeamToken -or $TeamFolder) -and -not $Team) {
        $PSCmdlet.ThrowTerminatingError((New-EmulatorError '-TeamToken and -TeamFolder need -Team (the team''s name).' 'TeamNeeded' InvalidArgument $TeamToken))
    }
    if ($Team) { $arguments.AddRange([string[]]@('--team', $Team)) }
    if ($TeamToken) { $arguments.AddRange([string[]]@('--team-token', $TeamToken)) }
    foreach ($f in @($TeamFolder | Where-Object { $_ })) { $arguments.AddRange([string[]]@('--team-folder', $f)) }
    foreach ($a in @($ArgumentList | Where-Object { $null -ne $_ })) { $arguments.Add($a) }

    $temporaryData = $null
    if ($Data) { $dataPath = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($Data) }
    else {
        $dataPath = $temporaryData = Join-Path ([System.IO.Path]::GetTempPath()) ('psdropbox-emulator-' + [guid]::NewGuid().ToString('n'))
    }
    $arguments.AddRange([string[]]@('--data', $dataPath))

    $start = [System.Diagnostics.ProcessStartInfo]::new($dotnet, (ConvertTo-CommandLine $arguments))
    $start.WorkingDirectory = $here
    $start.UseShellExecute = $false
    $start.CreateNoWindow = $true
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $shown = $start.Arguments -replace [regex]::Escape($AccessToken), '***'
    if ($TeamToken) { $shown = $shown -replace [regex]::Escape($TeamToken), '***' }
    Write-Verbose "Starting: $dotnet $shown"
    $process = [System.Diagnostics.Process]::Start($start)
    $stderr = $process.StandardError.ReadToEndAsync()
    $stdout = [System.Text.StringBuilder]::new()
    $entry = @{ Id = $process.Id; Process = $process; TemporaryData = $temporaryData }

    # The emulator prints "PSDropbox emulator listening on http://127.0.0.1:PORT" once it answers, and then, with a TLS
    # proxy, "PSDropbox emulator TLS proxy on http://127.0.0.1:PORT (CA certificate: PATH)".
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    $baseUrl = $null
    $proxyUrl = $null
    $failure = $null
    while (-not ($baseUrl -and ($proxyUrl -or -not $withTlsProxy)) -and -not $failure) {
        $line = $process.StandardOutput.ReadLineAsync()
        $left = $deadline - [DateTime]::UtcNow
        if ($left -le [TimeSpan]::Zero -or -not $line.Wait($left)) {
            $failure = New-EmulatorError "The emulator did not answer within $TimeoutSec seconds." 'StartTimeout' OperationTimeout $dll
        }
        elseif ($null -eq $line.Result) {
            $null = $process.WaitForExit(10000)
            $output = ($stdout.ToString() + $(if ($stderr.Wait(5000)) { $stderr.Result })).Trim()
            if ($output -match 'address already in use') {
                $failure = New-EmulatorError "Port $Port on 127.0.0.1 is already in use. Choose another -Port, or -Port 0 for a free one." 'PortInUse' ResourceUnavailable $Port
            }
            else {
                $failure = New-EmulatorError "The emulator exited at start (exit code $($process.ExitCode)): $output" 'StartFailed' InvalidOperation $dll
            }
        }
        elseif ($line.Result -match 'listening on (http://127\.0\.0\.1:(\d+))') {
            $baseUrl = $Matches[1]
            $boundPort = [int]$Matches[2]
        }
        elseif ($line.Result -match 'TLS proxy on (http://127\.0\.0\.1:\d+) \(CA certificate: (.+)\)$') {
            $proxyUrl = $Matches[1]
            $caPath = $Matches[2]
        }
        else { $null = $stdout.AppendLine($line.Result) }
    }
    if ($failure) {
        Stop-EmulatorProcess $entry
        $PSCmdlet.ThrowTerminatingError($failure)
    }
    $null = $process.StandardOutput.BaseStream.CopyToAsync([System.IO.Stream]::Null)  # never let a full pipe block it

    $emulator = [pscustomobject]@{
        PSTypeName  = 'PSDropbox.EmulatorInstance'
        BaseUrl     = $baseUrl
        Port        = $boundPort
        AccessToken = $AccessToken
        DataPath    = $dataPath
        ProcessId   = $process.Id
    }
    if ($withTlsProxy) {
        $emulator | Add-Member -NotePropertyName TlsProxyUrl -NotePropertyValue $proxyUrl
        $emulator | Add-Member -NotePropertyName TlsCaCertificatePath -NotePropertyValue $caPath
    }
    # Shown by default: everything but the token.
    $display = [System.Management.Automation.PSPropertySet]::new('DefaultDisplayPropertySet', [string[]]@('BaseUrl', 'ProcessId', 'DataPath'))
    $emulator.PSObject.Members.Add([System.Management.Automation.PSMemberSet]::new('PSStandardMembers', [System.Management.Automation.PSMemberInfo[]]@($display)))
    $script:Running[$process.Id] = $entry
    $emulator
}

function Stop-DropboxEmulator {
    <#
    .SYNOPSIS
        Stops an emulator started by Start-DropboxEmulator and removes its temporary data folder.
    .PARAMETER Id
        The emulator's process id; the object Start-DropboxEmulator returned can be piped instead.
    .EXAMPLE
        $emulator | Stop-DropboxEmulator
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName)]
        [Alias('ProcessId')]
        [int[]] $Id
    )
    process {
        foreach ($processId in $Id) {
            $entry = $script:Running[$processId]
            if (-not $entry) {
                $PSCmdlet.WriteError((New-EmulatorError "No emulator with process id $processId was started by Start-DropboxEmulator in this session." 'NotFound' ObjectNotFound $processId))
                continue
            }
            Stop-EmulatorProcess $entry
        }
    }
}

# An emulator still running when the session ends, or when this module is removed, is stopped and its temporary
# data folder removed. The exit action runs outside this module, so it calls in through the module object.
$null = Register-EngineEvent -SourceIdentifier PowerShell.Exiting -SupportEvent -Action {
    $module = Get-Module -Name PSDropbox.Emulator
    if ($module) { & $module { Stop-AllEmulators } }
}
$ExecutionContext.SessionState.Module.OnRemove = {
    Stop-AllEmulators
    Get-EventSubscriber -SourceIdentifier PowerShell.Exiting -Force -ErrorAction Ignore |
        Where-Object { $_.Action -and $_.Action.Command -match 'Stop-AllEmulators' } |
        ForEach-Object { Unregister-Event -SubscriptionId $_.SubscriptionId -Force }
}
