# Self-test of the Pester subset the hosted runner provides. Valid, unchanged, under real Pester 5.
# It does not need the module or the emulator.

BeforeDiscovery {
    $script:Sizes = @(
        @{ Name = 'empty'; Size = 0 }
        @{ Name = 'one block'; Size = 4MB }
    )
}

BeforeAll {
    $script:Log = [System.Collections.Generic.List[string]]::new()
    $script:Log.Add('root BeforeAll')
    $RootValue = 'root'
    [System.IO.File]::WriteAllText([System.IO.Path]::Combine($TestDrive, 'root.txt'), 'from the root')
}

Describe 'Should operators' {
    It '-Be compares values, strings case-insensitively' {
        5 | Should -Be 5
        'abc' | Should -Be 'ABC'
        $null | Should -Be $null
        5 | Should -Not -Be 6
        Should -ActualValue 5 -Be 5
    }

    It '-Be compares collections element-wise' {
        1, 2, 3 | Should -Be @(1, 2, 3)
        @(1, 2, 3) | Should -Not -Be @(1, 2)
    }

    It '-BeExactly is case-sensitive' {
        'abc' | Should -BeExactly 'abc'
        'abc' | Should -Not -BeExactly 'ABC'
    }

    It '-BeNullOrEmpty' {
        $null | Should -BeNullOrEmpty
        '' | Should -BeNullOrEmpty
        @() | Should -BeNullOrEmpty
        'x' | Should -Not -BeNullOrEmpty
        @(1) | Should -Not -BeNullOrEmpty
    }

    It '-BeOfType' {
        'x' | Should -BeOfType [string]
        5 | Should -BeOfType ([int])
        [System.IO.FileInfo]::new('/tmp/x') | Should -BeOfType [System.IO.FileSystemInfo]
        5 | Should -Not -BeOfType [string]
    }

    It '-HaveCount counts every piped item' {
        $three = 1, 2, 3
        $three | Should -HaveCount 3
        @() | Should -HaveCount 0
        'one' | Should -HaveCount 1
        $three | Should -Not -HaveCount 2
    }

    It '-Match is a case-insensitive regex' {
        'Hello World' | Should -Match 'hello\s+w'
        'Hello' | Should -Not -Match '^x'
    }

    It '-BeLike is a case-insensitive wildcard' {
        'Hello World' | Should -BeLike 'hello*'
        'Hello' | Should -Not -BeLike 'x*'
    }

    It '-BeGreaterThan / -BeLessThan' {
        5 | Should -BeGreaterThan 4
        5 | Should -Not -BeGreaterThan 5
        4 | Should -BeLessThan 5
        5 | Should -Not -BeLessThan 5
    }

    It '-Contain / -BeIn' {
        1, 2, 3 | Should -Contain 2
        1, 2, 3 | Should -Not -Contain 4
        2 | Should -BeIn 1, 2, 3
        4 | Should -Not -BeIn 1, 2, 3
    }

    It '-BeTrue / -BeFalse' {
        $true | Should -BeTrue
        1 | Should -BeTrue
        $false | Should -BeFalse
        $false | Should -Not -BeTrue
        $true | Should -Not -BeFalse
    }

    It '-Throw with message, -ErrorId and -PassThru' {
        { throw 'boom happened' } | Should -Throw
        { throw 'boom happened' } | Should -Throw 'boom*'
        { throw 'boom happened' } | Should -Throw -ExpectedMessage '*happened'
        { 1 + 1 } | Should -Not -Throw
        $record = { [int]::Parse('nope') } | Should -Throw -PassThru
        $record | Should -BeOfType [System.Management.Automation.ErrorRecord]
        $record.Exception.Message | Should -Match 'nope|format'
    }

    It '-Throw -ErrorId matches a real ErrorRecord FullyQualifiedErrorId' {
        $thrower = {
            $ex = [System.InvalidOperationException]::new('the thing is missing')
            $er = [System.Management.Automation.ErrorRecord]::new($ex, 'PSDropbox.PathNotFound', 'ObjectNotFound', '/x')
            throw $er
        }
        $thrower | Should -Throw -ErrorId 'PSDropbox.PathNotFound'
        $thrower | Should -Throw -ErrorId 'PathNotFound' -ExpectedMessage 'the thing*'
        $thrower | Should -Throw -ExceptionType ([System.InvalidOperationException])
        $er = $thrower | Should -Throw -ErrorId 'PathNotFound' -PassThru
        $er.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $er.TargetObject | Should -Be '/x'
    }

    It 'a failing Should throws (assertions can fail)' {
        { 5 | Should -Be 6 } | Should -Throw '*Expected 6*but got 5*'
        { 'a' | Should -Not -Be 'A' } | Should -Throw
        { @(1, 2) | Should -HaveCount 3 } | Should -Throw '*size 3*'
        { { 1 } | Should -Throw } | Should -Throw '*no exception was thrown*'
        { { throw 'x' } | Should -Throw -ErrorId 'Nope' } | Should -Throw '*FullyQualifiedErrorId*'
        { $null | Should -Not -BeNullOrEmpty } | Should -Throw
        { 'abc' | Should -Match 'z' } | Should -Throw
        { 5 | Should -Be 6 -Because 'it matters' } | Should -Throw '*because it matters*'
    }
}

Describe 'Data-driven tests' {
    It 'expands <Name> (<Size> bytes)' -ForEach $Sizes {
        $Size | Should -BeGreaterThan -1
        $_.Name | Should -Be $Name
    }

    It 'runs once per value <_>' -TestCases @('a', 'b', 'c') {
        $_ | Should -BeIn 'a', 'b', 'c'
    }
}

Describe 'Data-driven block <_>' -ForEach 'alpha', 'beta' {
    BeforeAll { $blockItem = $_ }

    It 'sees the block item <_> in BeforeAll and It' {
        $blockItem | Should -BeIn 'alpha', 'beta'
        $_ | Should -Be $blockItem
    }
}

Describe 'Setup ordering and scoping' {
    BeforeAll {
        $script:Log.Add('outer BeforeAll')
        $OuterValue = 'outer'
        $Counter = 0
    }
    BeforeEach {
        $script:Log.Add('outer BeforeEach')
        $EachValue = 'each'
    }
    AfterEach {
        $script:Log.Add('outer AfterEach')
    }
    AfterAll {
        $script:Log.Add('outer AfterAll')
    }

    It 'sees BeforeAll and BeforeEach variables, and the root BeforeAll ones' {
        $OuterValue | Should -Be 'outer'
        $EachValue | Should -Be 'each'
        $RootValue | Should -Be 'root'
        $Counter = 42
    }

    It 'does not see variables set by a previous It' {
        $Counter | Should -Be 0
    }

    It '$PSScriptRoot is the folder of the test file' {
        $PSScriptRoot | Should -Not -BeNullOrEmpty
        [System.IO.File]::Exists([System.IO.Path]::Combine($PSScriptRoot, 'Harness.Tests.ps1')) | Should -BeTrue
    }

    Context 'nested' {
        BeforeAll {
            $script:Log.Add('inner BeforeAll')
            $InnerValue = 'inner'
        }
        BeforeEach { $script:Log.Add('inner BeforeEach') }
        AfterEach { $script:Log.Add('inner AfterEach') }

        It 'runs BeforeEach outer to inner' {
            $InnerValue | Should -Be 'inner'
            $OuterValue | Should -Be 'outer'
            $script:Log[-2] | Should -Be 'outer BeforeEach'
            $script:Log[-1] | Should -Be 'inner BeforeEach'
        }
    }

    Context 'sibling' {
        It 'does not see the sibling Context variables' {
            $InnerValue | Should -BeNullOrEmpty
        }

        It 'saw AfterEach inner to outer after the nested It' {
            $i = $script:Log.IndexOf('inner AfterEach')
            $i | Should -BeGreaterThan 0
            $script:Log[$i + 1] | Should -Be 'outer AfterEach'
            $script:Log | Should -Contain 'inner BeforeAll'
        }
    }
}

Describe 'Describe-level AfterAll ran' {
    It 'after the previous Describe' {
        $script:Log | Should -Contain 'outer AfterAll'
        $script:Log[0] | Should -Be 'root BeforeAll'
    }
}

Describe 'TestDrive' {
    BeforeAll {
        $path = [System.IO.Path]::Combine($TestDrive, 'a.txt')
        [System.IO.File]::WriteAllText($path, 'hello')
    }

    It 'is an existing folder, also used by the file-level BeforeAll' {
        $TestDrive | Should -Not -BeNullOrEmpty
        [System.IO.Directory]::Exists($TestDrive) | Should -BeTrue
        [System.IO.File]::ReadAllText([System.IO.Path]::Combine($TestDrive, 'root.txt')) | Should -Be 'from the root'
    }

    It 'keeps files within the Describe' {
        [System.IO.File]::ReadAllText([System.IO.Path]::Combine($TestDrive, 'a.txt')) | Should -Be 'hello'
    }

    It 'is a TestDrive: PSDrive' {
        $resolved = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath('TestDrive:/a.txt')
        $resolved | Should -Be $path
        [System.IO.File]::Exists($resolved) | Should -BeTrue
    }
}

Describe 'TestDrive after a Describe' {
    It 'no longer has the files that Describe added (Pester 5 clears them at block end)' {
        [System.IO.File]::Exists([System.IO.Path]::Combine($TestDrive, 'a.txt')) | Should -BeFalse
        [System.IO.File]::Exists([System.IO.Path]::Combine($TestDrive, 'root.txt')) | Should -BeTrue
    }
}
