; Inno Setup 6 script: the Windows installer of 年报通 (Chinese wizard, Start-menu and desktop
; shortcuts, uninstaller). Build dist\nianbao\ first (pyinstaller build.spec), then:
;     "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" packaging\windows\nianbao.iss
; Output: dist\nianbao-<version>-windows-x64-setup.exe. Steps: packaging\BUILD-WINDOWS.md.
; This file is UTF-8 with a BOM: Inno Setup reads it as ANSI (mangling the Chinese) without one.

#define AppName "年报通"
#define AppExe "nianbao.exe"
#define Bundle AddBackslash(SourcePath) + "..\..\dist\nianbao"

; The version comes from the executable's version resource, which build.spec fills from
; core.__version__; `ISCC /DAppVersion=1.2.3 …` overrides it.
#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(Bundle + "\" + AppExe)
#endif
#if AppVersion == ""
  #error dist\nianbao\nianbao.exe not found or has no version: run pyinstaller build.spec first
#endif

; ChineseSimplified.isl is an unofficial Inno Setup translation, not installed with Inno Setup:
; put it beside this script (packaging\windows\) or into Inno Setup's Languages folder.
#if FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
  #define ChineseIsl AddBackslash(SourcePath) + "ChineseSimplified.isl"
#else
  #define ChineseIsl "compiler:Languages\ChineseSimplified.isl"
#endif

[Setup]
; AppId identifies the product to Windows (upgrades, uninstall). Never change it.
AppId={{CE03EF22-F3BD-4B0C-9658-CF1EB059A7F3}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Office PCs are often locked down: without admin rights the user can still install for
; themselves ({autopf} is then %LOCALAPPDATA%\Programs); with them, for all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
; Qt 6 needs 64-bit Windows 10 1809 or later.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
OutputDir=..\..\dist
OutputBaseFilename=nianbao-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
ShowLanguageDialog=no
; Close a running 年报通 before replacing its files (Windows Restart Manager).
CloseApplications=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "{#ChineseIsl}"

[CustomMessages]
chinesesimplified.OpenWith=在“打开方式”菜单中加入年报通（PDF、Word、TXT、网页文件；不改变默认打开程序）
chinesesimplified.UninstallShortcut=卸载年报通

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "openwith"; Description: "{cm:OpenWith}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; The whole one-folder bundle. Nothing is ever written here at run time: settings, recent files
; and autosaves live in the user's folders (%APPDATA%\nianbaotong, %LOCALAPPDATA%\nianbaotong).
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundle entirely: files a newer build no longer ships must not linger.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "政府信息公开工作年度报告统计表提取、校验与导出"
Name: "{group}\{cm:UninstallShortcut}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; "Open with" entry only (Applications\nianbao.exe + SupportedTypes): the user's default
; programs for PDF/Word stay untouched. Removed again by the uninstaller.
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\DefaultIcon"; ValueType: string; ValueData: """{app}\{#AppExe}"",0"; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".pdf"; ValueData: ""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".docx"; ValueData: ""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".txt"; ValueData: ""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".html"; ValueData: ""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".htm"; ValueData: ""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\.pdf\OpenWithList\{#AppExe}"; Flags: uninsdeletekey; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\.docx\OpenWithList\{#AppExe}"; Flags: uninsdeletekey; Tasks: openwith

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; Uninstall removes the program folder, shortcuts and the registry entries above. The user's
; settings and autosaves (%APPDATA%\nianbaotong, %LOCALAPPDATA%\nianbaotong) are kept on purpose.
