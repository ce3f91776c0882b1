# Tests of tests/Pester/TestHelpers.ps1 (and of the per-file emulator the runner provides).

BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
}

Describe 'TestHelpers' {
    Context 'module and emulator' {
        It 'imports the built module' {
            Get-Command -Name Connect-Dropbox -Module PSDropbox | Should -Not -BeNullOrEmpty
        }

        It 'provides an emulator on loopback with a test token' {
            $Emulator.BaseUrl | Should -Match '^http://127\.0\.0\.1:\d+$'
            $Emulator.AccessToken | Should -Match '^sl\.PSDTEST\.[0-9a-f]{40}$'
        }

        It 'Invoke-EmulatorAdmin clears and reads the request log' {
            Invoke-EmulatorAdmin -Method DELETE -Path requests
            @(Invoke-EmulatorAdmin -Method GET -Path requests) | Should -HaveCount 0
            @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = 'files/list_folder' }) | Should -HaveCount 0
        }

        It 'Invoke-EmulatorAdmin throws with the status on a bad request' {
            { Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = '/no/such/dir'; path = '/x' } } |
                Should -Throw -ExpectedMessage '*400*source directory not found*'
        }

        It 'Invoke-EmulatorAdmin sends a JSON body and parses the JSON result' {
            $src = [System.IO.Path]::Combine($TestDrive, 'seed')
            $null = New-TestFile -Path ([System.IO.Path]::Combine($src, 'a.bin')) -Size 10
            $null = New-TestFile -Path ([System.IO.Path]::Combine($src, 'sub', 'b.bin')) -Size 20
            $result = Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $src; path = '/seeded' }
            $result.files | Should -Be 2
            $result.folders | Should -BeGreaterThan 0
        }
    }

    Context 'New-TestFile' {
        It 'creates a file of the exact size and returns its FileInfo' {
            $f = New-TestFile -Path 'TestDrive:/sized.bin' -Size 5000001
            $f | Should -BeOfType [System.IO.FileInfo]
            $f.Length | Should -Be 5000001
            $f.FullName | Should -Be ([System.IO.Path]::Combine($TestDrive, 'sized.bin'))
        }

        It 'is deterministic per seed and differs across seeds' {
            $a = New-TestFile -Path ([System.IO.Path]::Combine($TestDrive, 'a.bin')) -Size 3000 -Seed 7
            $b = New-TestFile -Path ([System.IO.Path]::Combine($TestDrive, 'b.bin')) -Size 3000 -Seed 7
            $c = New-TestFile -Path ([System.IO.Path]::Combine($TestDrive, 'c.bin')) -Size 3000 -Seed 8
            Get-ContentHash -Path $a.FullName | Should -Be (Get-ContentHash -Path $b.FullName)
            Get-ContentHash -Path $a.FullName | Should -Not -Be (Get-ContentHash -Path $c.FullName)
        }

        It 'creates an empty file for -Size 0' {
            (New-TestFile -Path ([System.IO.Path]::Combine($TestDrive, 'empty.bin')) -Size 0).Length | Should -Be 0
        }
    }

    Context 'Get-ContentHash' {
        It 'hashes <Name> like Dropbox' -ForEach @(
            # expected values computed independently (Python hashlib)
            @{ Name = 'an empty file'; Bytes = 0; Fill = 0; Expected = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }
            @{ Name = 'exactly one 4 MiB block'; Bytes = 4194304; Fill = 0; Expected = 'c7e946d101855255d919ef0c70718633adf77d3dfb3adeeecf5d0cb4e951be58' }
            @{ Name = 'one block and one byte'; Bytes = 4194305; Fill = 0; Expected = '14a4d47f23a30177885d9820122f17d2d3a55fe63f7f5c27b95f689e0b2accd6' }
        ) {
            $p = [System.IO.Path]::Combine($TestDrive, "zeros-$Bytes.bin")
            [System.IO.File]::WriteAllBytes($p, [byte[]]::new($Bytes))
            Get-ContentHash -Path $p | Should -BeExactly $Expected
        }

        It 'hashes text content' {
            $p = [System.IO.Path]::Combine($TestDrive, 'hello.txt')
            [System.IO.File]::WriteAllText($p, 'hello')
            Get-ContentHash -Path $p | Should -BeExactly '9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50'
        }
    }
}
