BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox
    New-DropboxFolder /Tree | Out-Null
    0..11 | ForEach-Object { New-DropboxFolder "/Tree/f$_" } | Out-Null

    function Set-TestFaults([string]$Spec, [int]$Seed = 1) {
        Invoke-EmulatorAdmin -Method POST -Path faults -Body @{ spec = $Spec; seed = $Seed } | Out-Null
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
    }


    function Get-InjectedFaults { @(Invoke-EmulatorAdmin -Path requests | Where-Object { $null -ne $_.PSObject.Properties['fault'] }) }

    # A second runspace running $Script, as a user's prompt would, so that a test can press Ctrl+C (PowerShell.Stop()) on it.
    function Start-StoppableCommand([string]$Script) {
        $runspace = [runspacefactory]::CreateRunspace([initialsessionstate]::CreateDefault2())
        $runspace.Open()
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        $module = [System.IO.Path]::Combine((Get-Module PSDropbox).ModuleBase, 'PSDropbox.psd1')
        $null = $ps.AddScript("Import-Module '$module' -ErrorAction Stop; Connect-Dropbox -AccessToken '$($Emulator.AccessToken)' -ApiEndpoint '$($Emulator.BaseUrl)'; $Script")
        $null = $ps.BeginInvoke()
        $ps
    }

    # Waits until the emulator has injected a fault into the command's request, i.e. the command is inside it.
    function Wait-FaultInjected {
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while ((Invoke-EmulatorAdmin -Path faults).injected -lt 1) {
            if ([DateTime]::UtcNow -gt $deadline) { throw 'No fault was injected within 30 s.' }
            [System.Threading.Thread]::Sleep(50)
        }
        [System.Threading.Thread]::Sleep(200)
    }

    function Measure-Stop($ps) {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $watch.Stop()
        $state = $ps.InvocationStateInfo.State
        $ps.Runspace.Dispose()
        $ps.Dispose()
        [pscustomobject]@{ Elapsed = $watch.Elapsed; State = "$state" }
    }
}

AfterAll {
    Invoke-EmulatorAdmin -Method DELETE -Path faults | Out-Null
}

Describe 'Retries' {
    AfterEach { Invoke-EmulatorAdmin -Method DELETE -Path faults | Out-Null }

    It 'waits as long as Retry-After says, then succeeds, with one -Verbose line per attempt' {
        Set-TestFaults '429=1,retryafter=1,after=1,count=1,routes=files/get_metadata'
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $output = Get-DropboxItem /Tree -Verbose 4>&1
        $watch.Stop()

        @($output | Where-Object { $_ -is [PSDropbox.DropboxFolder] }).Count | Should -Be 1
        $lines = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { $_.Message })
        $lines.Count | Should -Be 2
        $lines[0] | Should -Match '^POST files/get_metadata -> 429 Too Many Requests in \d+ ms \(request id [0-9a-f]{32}\)$'
        $lines[1] | Should -Match '^POST files/get_metadata -> 200 OK in \d+ ms \(request id [0-9a-f]{32}, retry 1 after 1\.0 s\)$'
        $watch.Elapsed.TotalSeconds | Should -BeGreaterThan 0.99
        (Get-InjectedFaults).fault | Should -Be '429+retry-after'
    }

    It 'lists every entry through 503s, cut connections and plain-text 429s' {
        Set-TestFaults '503=0.15,cut=0.15,429text=0.1,retryafter=0' -Seed 5
        $names = Get-DropboxChildItem /Tree -PageSize 3 | ForEach-Object { $_.Name }
        $names | Should -HaveCount 12
        $sorted = [string[]]$names
        [System.Array]::Sort($sorted, [System.StringComparer]::Ordinal)
        $expected = [string[]](0..11 | ForEach-Object { "f$_" })
        [System.Array]::Sort($expected, [System.StringComparer]::Ordinal)
        $sorted -join ',' | Should -Be ($expected -join ',')
        $faults = Get-InjectedFaults
        $faults.Count | Should -BeGreaterThan 1
        # Every injected fault was followed by a successful attempt of the same route.
        (Get-LoggedRequests 'files/list_folder/continue' | Where-Object { $_.status -eq 200 -and $null -eq $_.PSObject.Properties['fault'] }).Count | Should -BeGreaterThan 2
    }

    It 'gives up at once with LimitsExceeded when Dropbox asks for a wait beyond the retry budget' {
        Set-TestFaults '429=1,retryafter=1,after=900,routes=files/get_metadata'
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $record = try { Get-DropboxItem /Tree -ErrorAction Stop } catch { $_ }
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
        $record.FullyQualifiedErrorId | Should -Match '^PSDropbox\.RateLimited'
        $record.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        "$record" | Should -Match 'retry after 900 s'
        (Get-LoggedRequests 'files/get_metadata').Count | Should -Be 1
    }

    It 'checks a simple upload whose answer was lost instead of making it twice' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'lost-answer.bin') -Size 100KB -Seed 43
        Set-TestFaults 'cut=1,cutside=response,count=1,routes=files/upload'
        # With -StrictConflict a blind repeat would fail: the first attempt already put this very content there.
        $result = Send-DropboxFile -LiteralPath $file.FullName -Destination /Lost/answer.bin -StrictConflict -PassThru -ErrorAction Stop
        $result.ContentHash | Should -BeExactly (Get-ContentHash $file.FullName)
        (Get-InjectedFaults).fault | Should -Match '^cut-response'
        (Get-LoggedRequests 'files/upload').Count | Should -Be 1 -Because 'the upload landed; it is not sent again'
        @(Get-DropboxRevision /Lost/answer.bin) | Should -HaveCount 1
    }

    It 'checks an upload session whose finish answer was lost instead of finishing twice' {
        $v1 = New-TestFile -Path (Join-Path $TestDrive 'lost-v1.bin') -Size 10 -Seed 44
        $rev = (Send-DropboxFile -LiteralPath $v1.FullName -Destination /Lost/session.bin -PassThru).Rev
        $file = New-TestFile -Path (Join-Path $TestDrive 'lost-session.bin') -Size (8MB + 1) -Seed 45
        Set-TestFaults 'cut=1,cutside=response,count=1,routes=files/upload_session/finish'
        # -Mode Update -Rev: a blind repeat would be a conflict, since the first finish moved the file past $rev.
        $result = Send-DropboxFile -LiteralPath $file.FullName -Destination /Lost/session.bin -Mode Update -Rev $rev -ChunkSize 4MB -PassThru -ErrorAction Stop
        $result.ContentHash | Should -BeExactly (Get-ContentHash $file.FullName)
        (Get-InjectedFaults).fault | Should -Match '^cut-response'
        (Get-LoggedRequests 'files/upload_session/finish').Count | Should -Be 1
        @(Get-DropboxRevision /Lost/session.bin) | Should -HaveCount 2
    }

    It 'finds where an -Autorename upload whose answer was lost went, instead of leaving a "(n)" copy: <Name>' -ForEach @(
        @{ Name = 'files/upload'; Size = 100KB; ChunkArgs = @{} }
        @{ Name = 'files/upload_session/finish'; Size = 8MB + 1; ChunkArgs = @{ ChunkSize = 4MB } }
    ) {
        $folder = '/AutoLost/' + ($Name -replace '/', '-')
        $taken = New-TestFile -Path (Join-Path $TestDrive "taken-$Size.txt") -Size 10 -Seed 46
        Send-DropboxFile -LiteralPath $taken.FullName -Destination "$folder/report.txt" | Out-Null
        Send-DropboxFile -LiteralPath $taken.FullName -Destination "$folder/report (1).txt" | Out-Null
        $file = New-TestFile -Path (Join-Path $TestDrive "report-$Size.txt") -Size $Size -Seed 47
        Set-TestFaults "cut=1,cutside=response,count=1,routes=$Name"
        $result = Send-DropboxFile -LiteralPath $file.FullName -Destination "$folder/report.txt" -Autorename -PassThru -ErrorAction Stop @ChunkArgs
        (Get-InjectedFaults).fault | Should -Match '^cut-response'
        (Get-LoggedRequests $Name).Count | Should -Be 1 -Because 'the commit landed as "report (2).txt"; it is not made again'
        $result.Path | Should -BeExactly "$folder/report (2).txt"
        $result.ContentHash | Should -BeExactly (Get-ContentHash $file.FullName)
        $names = [string[]]@(Get-DropboxChildItem $folder | ForEach-Object Name)
        [Array]::Sort($names, [System.StringComparer]::Ordinal)
        $names -join ',' | Should -BeExactly 'report (1).txt,report (2).txt,report.txt'
    }

    It 'repeats alone the batch entries that failed with too_many_write_operations, so every copy and delete happens' {
        Set-TestFaults 'none'
        New-DropboxFolder /BatchCopy | Out-Null
        Set-TestFaults 'batchwrite=0.4' -Seed 7
        $copies = @(Get-DropboxChildItem /Tree | Copy-DropboxItem -Destination /BatchCopy -PassThru -ErrorAction Stop)
        $copies | Should -HaveCount 12
        $faulted = @(Get-InjectedFaults)
        $faulted | Should -HaveCount 1
        $contended = $faulted[0].fault.Substring('batchwrite@'.Length).Split('|').Count
        $contended | Should -BeGreaterThan 0
        (Get-LoggedRequests 'files/copy_batch_v2').Count | Should -Be 1
        (Get-LoggedRequests 'files/copy_v2').Count | Should -Be $contended -Because 'only the contended entries are repeated, one call each'

        Set-TestFaults 'batchwrite=0.4' -Seed 8
        Get-DropboxChildItem /BatchCopy | Remove-DropboxItem -ErrorAction Stop
        @(Get-DropboxChildItem /BatchCopy) | Should -HaveCount 0
        $contended = (Get-InjectedFaults)[0].fault.Substring('batchwrite@'.Length).Split('|').Count
        (Get-LoggedRequests 'files/delete_v2').Count | Should -Be $contended
    }

    It 'does not retry a conflict or a missing path' {
        Set-TestFaults 'none'
        New-DropboxFolder /Tree -ErrorVariable conflict -ErrorAction SilentlyContinue | Out-Null
        Get-DropboxItem /Tree/missing -ErrorVariable missing -ErrorAction SilentlyContinue | Out-Null
        $conflict[0].FullyQualifiedErrorId | Should -Match '^PSDropbox\.Conflict'
        $missing[0].FullyQualifiedErrorId | Should -Match '^PSDropbox\.PathNotFound'
        (Get-LoggedRequests 'files/create_folder_v2').Count | Should -Be 1
        (Get-LoggedRequests 'files/get_metadata').Count | Should -Be 1
    }
}

# The requirement is "stops within 1 s". The bound asserted is 3 s: this machine is shared by many parallel builds
# (load averages of 40+ on 2 cores were seen), and 3 s still fails any implementation that waits out the 30 s stall or
# the 120 s Retry-After instead of cancelling them. Measured here under a load average of 54: 70-310 ms.
Describe 'Cancellation' {
    AfterEach { Invoke-EmulatorAdmin -Method DELETE -Path faults | Out-Null }

    It 'Ctrl+C stops a listing stuck in a 30 s response stall at once' {
        Set-TestFaults 'slow=1,slowms=30000,routes=files/list_folder'
        $ps = Start-StoppableCommand 'Get-DropboxChildItem /Tree -Recurse'
        Wait-FaultInjected
        $stop = Measure-Stop $ps
        $stop.State | Should -Be 'Stopped'
        $stop.Elapsed.TotalSeconds | Should -BeLessThan 3
    }

    It 'Ctrl+C stops a retry that is waiting out a 120 s Retry-After at once' {
        Set-TestFaults '429=1,retryafter=1,after=120,routes=files/get_metadata'
        $ps = Start-StoppableCommand 'Get-DropboxItem /Tree'
        Wait-FaultInjected
        $stop = Measure-Stop $ps
        $stop.State | Should -Be 'Stopped'
        $stop.Elapsed.TotalSeconds | Should -BeLessThan 3
    }

    It 'Ctrl+C stops a paged listing while downstream is slow, without fetching the remaining pages' {
        Set-TestFaults 'none'
        $ps = Start-StoppableCommand 'Get-DropboxChildItem /Tree -PageSize 1 | ForEach-Object { [System.Threading.Thread]::Sleep(300); $_ }'
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while ((Get-LoggedRequests 'files/list_folder/continue').Count -lt 2) {
            if ([DateTime]::UtcNow -gt $deadline) { throw 'The listing did not start within 30 s.' }
            [System.Threading.Thread]::Sleep(50)
        }
        $stop = Measure-Stop $ps
        $stop.State | Should -Be 'Stopped'
        $stop.Elapsed.TotalSeconds | Should -BeLessThan 3
        (Get-LoggedRequests 'files/list_folder/continue').Count | Should -BeLessThan 11
    }

    It 'Ctrl+C stops an upload in the middle of its session at once; -Resume finishes it without sending a committed byte twice' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'cancel-up.bin') -Size (16MB + 3) -Seed 41
        Set-TestFaults 'slow=1,slowms=30000,routes=files/upload_session/append_v2'
        $ps = Start-StoppableCommand "Send-DropboxFile -LiteralPath '$($file.FullName)' -Destination /Cancel/up.bin -ChunkSize 4MB"
        Wait-FaultInjected
        $stop = Measure-Stop $ps
        $stop.State | Should -Be 'Stopped'
        $stop.Elapsed.TotalSeconds | Should -BeLessThan 3
        { Get-DropboxItem /Cancel/up.bin -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'

        Set-TestFaults 'none'
        $result = Send-DropboxFile -LiteralPath $file.FullName -Destination /Cancel/up.bin -ChunkSize 4MB -Resume -PassThru
        $result.ContentHash | Should -BeExactly (Get-ContentHash $file.FullName)
        (Get-LoggedRequests 'files/upload_session/start').Count | Should -Be 0 -Because 'the resume continues the cancelled session'
        $session = @(Invoke-EmulatorAdmin -Path upload_sessions)[0] # the newest
        @($session.finished, $session.bytes_accepted, $session.bytes_refused) | Should -Be @($true, (16MB + 3), 0)
    }

    It 'Ctrl+C stops a download in the middle of its body at once, leaving only the partial file; -Resume finishes it with a Range request' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'cancel-down.bin') -Size (6MB + 7) -Seed 42
        Send-DropboxFile -LiteralPath $file.FullName -Destination /Cancel/down.bin | Out-Null
        $target = Join-Path $TestDrive 'down.bin'
        Set-TestFaults 'slow=1,slowms=30000,routes=files/download'
        $ps = Start-StoppableCommand "Receive-DropboxFile /Cancel/down.bin -Destination '$target'"
        Wait-FaultInjected
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (-not (& { $f = [System.IO.FileInfo]::new("$target.psdropbox-partial"); $f.Exists -and $f.Length -gt 0 })) {
            if ([DateTime]::UtcNow -gt $deadline) { throw 'The download wrote no bytes within 30 s.' }
            [System.Threading.Thread]::Sleep(50)
        }
        $stop = Measure-Stop $ps
        $stop.State | Should -Be 'Stopped'
        $stop.Elapsed.TotalSeconds | Should -BeLessThan 3
        [System.IO.File]::Exists($target) | Should -BeFalse
        $partial = [System.IO.FileInfo]::new("$target.psdropbox-partial")
        $partial.FullName | Should -Exist
        $partial.Length | Should -BeGreaterThan 0
        $partial.Length | Should -BeLessThan (6MB + 7)

        Set-TestFaults 'none'
        $back = Receive-DropboxFile /Cancel/down.bin -Destination $target -Resume -PassThru
        Get-ContentHash $back.LocalPath | Should -BeExactly (Get-ContentHash $file.FullName)
        [System.IO.File]::Exists("$target.psdropbox-partial") | Should -BeFalse
        $downloads = @(Get-LoggedRequests 'files/download')
        $downloads | Should -HaveCount 1
        $downloads[0].status | Should -Be 206 -Because 'only the missing bytes are asked for'
    }
}

Describe 'Fail fast' {
    It 'an address where nothing listens ends in seconds with PSDropbox.ConnectionFailed, warning on the first retry without -Verbose' {
        $endpoint = Get-RefusingEndpoint
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $record = { Connect-Dropbox -AccessToken 'sl.nothing-listens' -ApiEndpoint $endpoint -WarningVariable script:warned -WarningAction SilentlyContinue -ErrorAction Stop } |
            Should -Throw -PassThru
        $watch.Stop()
        $record.FullyQualifiedErrorId | Should -BeLike 'PSDropbox.ConnectionFailed*'
        $record.CategoryInfo.Category | Should -Be 'ConnectionError'
        $record.Exception.Kind | Should -Be 'ConnectionFailed'
        "connection refused: failed after $([int]$watch.Elapsed.TotalMilliseconds) ms" | Out-Default
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
        @($script:warned) | Should -HaveCount 1
        "$($script:warned[0])" | Should -BeLike "Cannot reach $endpoint*trying again for up to 5 s."
    }
}
