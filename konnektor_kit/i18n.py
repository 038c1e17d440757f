"""Every word the kit says to a person, in Turkish first and English second.

Faces and services never write a sentence inline: they name a key here and pass the values, so a
translation is fixed in one place and both languages always say the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Lang = Literal["tr", "en"]
LANGS: tuple[Lang, ...] = ("tr", "en")


def as_lang(value: str | None) -> Lang | None:
    """A language code as typed (an address's `lang=`, an environment variable), None when it is none of ours."""
    return next((lang for lang in LANGS if lang == value), None)


MESSAGES: dict[str, tuple[str, str]] = {
    # codes
    "code.firm": ("Firma kodu", "Firm code"),
    "code.period": ("Dönem kodu", "Period code"),
    "code.invalid": (
        '{what} "{typed}" geçersiz: {expected}.',
        '{what} "{typed}" is invalid: {expected}.',
    ),
    "code.expected.firm": (
        '1 ile 999 arasında bir sayı bekleniyor, 3 haneli yazılır ("2" → "002"); bilinmiyorsa boş bırakın',
        'a number from 1 to 999 is expected, written with 3 digits ("2" → "002"); leave it blank if unknown',
    ),
    "code.expected.period": (
        '1 ile 99 arasında bir sayı bekleniyor, 2 haneli yazılır ("1" → "01"); bilinmiyorsa boş bırakın',
        'a number from 1 to 99 is expected, written with 2 digits ("1" → "01"); leave it blank if unknown',
    ),
    "code.stored_unnormalised": (
        '{what} "{stored}" olarak kayıtlı; Konnektör "{normal}" bekler.',
        '{what} is stored as "{stored}"; the Konnektör expects "{normal}".',
    ),
    # modules, branches
    "module.unknown": (
        'Modül "{typed}" tanınmadı. Geçerli modüller: {known}.',
        'Module "{typed}" is not known. Valid modules: {known}.',
    ),
    "branch.unknown": (
        '{module} modülü için "{typed}" şubesi yok. Kayıtlı şubeler: {known}.',
        'Module {module} has no branch "{typed}". Branches on record: {known}.',
    ),
    "branch.needed": (
        "{module} modülü birden çok şubede kayıtlı ({known}); --branch ile birini seçin.",
        "Module {module} is set up for several branches ({known}); choose one with --branch.",
    ),
    "branch.ambiguous": (
        '{module} modülü için "{typed}" birden çok şubeye uyuyor ({known}); şubeyi kayıtlı olduğu gibi yazın.',
        'For module {module}, "{typed}" fits several branches ({known}); type the branch exactly as stored.',
    ),
    "branch.none": ("(tek şube)", "(single branch)"),
    "year.invalid": (
        'Yıl "{typed}" geçersiz: 2000 ile 2100 arasında dört haneli bir yıl bekleniyor.',
        'Year "{typed}" is invalid: a four-digit year from 2000 to 2100 is expected.',
    ),
    "date.invalid": (
        'Tarih "{typed}" geçersiz: GG.AA.YYYY (01.07.2026) ya da YYYY-AA-GG biçiminde, 2000 ile 2100 arasında bir gün bekleniyor.',
        'Date "{typed}" is invalid: a day from 2000 to 2100 written DD.MM.YYYY (01.07.2026) or YYYY-MM-DD is expected.',
    ),
    "date.other_year": (
        "--date {day}, --year {year} yılının içinde değil; ikisi aynı yılı göstermeli (ya da yalnızca --date verin).",
        "--date {day} is not in --year {year}; both must name the same year (or give --date alone).",
    ),
    "year.needed": ("--year ya da --date gerekli", "--year or --date is required"),
    # site file
    # -- issue 12: the site file as untrusted input, driver logs, report files --
    "site.no_permission": (
        "Site dosyasını okuma yetkiniz yok: {path}. Dosyanın izinlerini kontrol edin ya da dosyayı okuyabilen kullanıcıyla çalıştırın.",
        "You have no permission to read the site file: {path}. Check the file's permissions or run as a user who can read it.",
    ),
    "site.unreadable": (
        "Site dosyası okunamadı ({path}): {detail}. Bir site dosyası (.toml) seçin.",
        "The site file could not be read ({path}): {detail}. Choose a site file (.toml).",
    ),
    "site.is_folder": (
        "{path} bir klasör, site dosyası değil; klasördeki site dosyasını (.toml) verin.",
        "{path} is a folder, not a site file; give the site file (.toml) inside it.",
    ),
    "site.not_regular": (
        "{path} sıradan bir dosya değil (aygıt, FIFO ya da soket); site dosyası olarak okunmadı.",
        "{path} is not an ordinary file (a device, FIFO or socket); it was not read as a site file.",
    ),
    "site.too_big": (
        "{path} bir site dosyası için çok büyük (en çok {limit} KB); doğru dosyayı seçtiğinizi kontrol edin.",
        "{path} is too large for a site file (at most {limit} KB); check that you chose the right file.",
    ),
    "site.not_utf8": (
        "Site dosyası UTF-8 değil ({path}, {position}. bayt); dosyayı UTF-8 olarak kaydedin (Not Defteri: Farklı Kaydet → Kodlama: UTF-8).",
        "The site file is not UTF-8 ({path}, byte {position}); save it as UTF-8 (Notepad: Save As → Encoding: UTF-8).",
    ),
    "site.too_deep": (
        "Site dosyasında bölümler ve listeler çok derin iç içe ({path}; en çok {limit} düzey); bu bir site dosyası değil.",
        "The site file nests sections and lists too deeply ({path}; at most {limit} levels); this is not a site file.",
    ),
    "site.timeout_range": (
        "login_timeout sonlu ve en çok {limit} saniye olmalı; yazılan: {typed}.",
        "login_timeout must be finite and at most {limit} seconds; got: {typed}.",
    ),
    "site.env_refused": (
        "Site dosyası ${{{name}}} ortam değişkenini istiyor ({path}); ortam değişkenleri yalnızca sunucunun başlatıldığı site dosyası için okunur.",
        "The site file refers to ${{{name}}} ({path}); environment variables are read only for the site the server was started with.",
    ),
    "site.logging_key": (
        'Site dosyasındaki {where} bağlantı cümlesinde "{option}" var ({path}): bu anahtar sürücünün günlük (log) dosyası yazmasını açar ve sürücü parolayı o dosyaya açık metin olarak yazar. Anahtarı bağlantı cümlesinden kaldırın.',
        'The {where} connection string in the site file has "{option}" ({path}): that key makes the driver write a log file, and the driver writes the password into it in clear text. Remove the key from the connection string.',
    ),
    "file.disk_full": (
        "Disk dolu: {path} yazılamadı. Diskte yer açıp yeniden deneyin; hiçbir ayar değişmedi.",
        "The disk is full: {path} could not be written. Free some space and try again; no setting was changed.",
    ),
    "file.read_only": (
        "Disk salt okunur: {path} yazılamadı. Yazılabilir bir klasör kullanın; hiçbir ayar değişmedi.",
        "The disk is read-only: {path} could not be written. Use a writable folder; no setting was changed.",
    ),
    "file.no_permission": (
        "{path} yazılamadı: bu kullanıcının o klasöre yazma yetkisi yok. Klasörün izinlerini kontrol edin; hiçbir ayar değişmedi.",
        "{path} could not be written: this user may not write to that folder. Check the folder's permissions; no setting was changed.",
    ),
    "file.failed": (
        "{path} yazılamadı: {detail}. Hiçbir ayar değişmedi.",
        "{path} could not be written: {detail}. No setting was changed.",
    ),
    "report.folder_unsafe": (
        "Rapor yazılmadı: {path} kitin kendi klasörü değil (bir bağlantı, klasör olmayan bir şey ya da başka bir kullanıcının klasörü). Onu kaldırın ya da adını değiştirin; kit yeni bir klasör açar.",
        "The report was not written: {path} is not the kit's own folder (a link, not a folder, or another user's folder). Remove or rename it; the kit will create a new one.",
    ),
    "site.missing": ("Site dosyası bulunamadı: {path}", "Site file not found: {path}"),
    "site.malformed": (
        "Site dosyası okunamadı ({path}): {detail}",
        "The site file could not be read ({path}): {detail}",
    ),
    "site.no_konnektor": (
        'Site dosyasında [konnektor] bölümü "sqlite" ya da "odbc" değeriyle yazılmalı ({path}).',
        'The site file needs a [konnektor] section with "sqlite" or "odbc" ({path}).',
    ),
    "site.bad_server": (
        'Site dosyasında [servers."{server}"] bölümü "sqlite_dir" ya da "odbc" değerlerinden birini içermeli.',
        'In the site file, [servers."{server}"] needs one of "sqlite_dir" or "odbc".',
    ),
    "site.env_missing": (
        "Site dosyası ${{{name}}} ortam değişkenini istiyor ama bu değişken tanımlı değil.",
        "The site file refers to ${{{name}}} but that environment variable is not set.",
    ),
    "site.bad_ignore": (
        'Site dosyasında [ignore] bölümü hatalı ({path}): firms = [firma numaraları, 1–999], databases = ["veri tabanı adları"] bekleniyor; yazılan: {detail}',
        'The site file\'s [ignore] section is invalid ({path}): firms = [firm numbers, 1–999], databases = ["database names"] are expected; got: {detail}',
    ),
    "site.bad_timeout": (
        "login_timeout pozitif bir sayı olmalı (saniye); yazılan: {typed}.",
        "login_timeout must be a positive number of seconds; got: {typed}.",
    ),
    "server.unknown": (
        '"{server}" sunucusu site dosyasının [servers] bölümünde yok. Tanımlı sunucular: {known}.',
        'Server "{server}" is not in the site file\'s [servers]. Servers defined: {known}.',
    ),
    # connections and databases
    # driver errors, by category (data/errors.py)
    "error.driver_missing": (
        "{where}: ODBC sürücüsü bulunamadı ({detail}).",
        "{where}: the ODBC driver was not found ({detail}).",
    ),
    "guidance.driver_missing": (
        "Bağlantı cümlesindeki Driver= adını kontrol edin; kurulu sürücüler Windows'ta \"ODBC Veri Kaynakları (64 bit)\" → Sürücüler sekmesinde, Linux'ta `odbcinst -q -d` ile görülür. SQL Server için Microsoft ODBC Driver 18 for SQL Server kurun.",
        'Check the Driver= name in the connection string; installed drivers are listed in Windows under "ODBC Data Sources (64-bit)" → Drivers, on Linux by `odbcinst -q -d`. For SQL Server install Microsoft ODBC Driver 18 for SQL Server.',
    ),
    "error.server_unreachable": (
        "{where}: sunucuya ulaşılamadı ({detail}).",
        "{where}: the server could not be reached ({detail}).",
    ),
    "guidance.server_unreachable": (
        "Sunucu adını ve portu, sunucunun çalıştığını ve güvenlik duvarını kontrol edin.",
        "Check the server name and port, that the server is running, and the firewall.",
    ),
    "guidance.server_unreachable.sqlserver": (
        'Sunucu\\instance adını kontrol edin (ör. SRV01\\SQLEXPRESS); adlandırılmış instance için SQL Server Browser servisi çalışmalı (UDP 1434) ya da "10.0.0.5,1433" gibi port verin; SQL Server Configuration Manager\'da TCP/IP açık olmalı; güvenlik duvarında TCP 1433 açık olmalı.',
        'Check the server\\instance name (e.g. SRV01\\SQLEXPRESS); a named instance needs the SQL Server Browser service (UDP 1434), or give the port as in "10.0.0.5,1433"; TCP/IP must be enabled in SQL Server Configuration Manager; the firewall must allow TCP 1433.',
    ),
    "error.timeout": (
        "{where}: sunucu zaman aşımı süresinde yanıt vermedi ({detail}).",
        "{where}: the server did not answer within the login timeout ({detail}).",
    ),
    "guidance.timeout": (
        "Sunucu açık ama yanıt vermiyor ya da ağ çok yavaş: sunucunun yükünü ve ağ bağlantısını kontrol edin; gerekirse site dosyasında login_timeout değerini artırın.",
        "The server accepts connections but does not answer, or the network is slow: check the server's load and the network; raise login_timeout in the site file if needed.",
    ),
    "guidance.timeout.sqlserver": (
        "SQL Server yanıt vermiyor: servisin çalıştığını, adlandırılmış instance için SQL Server Browser'ı (UDP 1434) ve güvenlik duvarında TCP 1433'ü kontrol edin; gerekirse login_timeout değerini artırın.",
        "SQL Server does not answer: check that the service runs, the SQL Server Browser for a named instance (UDP 1434) and TCP 1433 in the firewall; raise login_timeout if needed.",
    ),
    "error.login_failed": (
        "{where}: kullanıcı adı ya da parola kabul edilmedi ({detail}).",
        "{where}: the user name or password was refused ({detail}).",
    ),
    "probe.tcp.open": ("açık", "open"),
    "probe.tcp.refused": ("reddetti", "refused"),
    "probe.tcp.silent": ("yanıt vermedi", "silent"),
    "probe.tcp.unresolved": ("ad çözülemedi", "name not resolved"),
    "probe.unresolved": (
        '{where}: "{host}" sunucu adı çözülemedi (DNS).',
        '{where}: the server name "{host}" could not be resolved (DNS).',
    ),
    "probe.unresolved.guidance": (
        "Sunucu adını kontrol edin (yazım hatası, eksik alan adı); müşterinin bilgisayarında `ping SUNUCU` ya da IP adresiyle deneyin.",
        "Check the server name (a typo, a missing domain); try `ping SERVER` on the customer's machine, or use its IP address.",
    ),
    "probe.refused": (
        "{where}: {host}:{port} bağlantıyı reddetti; o portta dinleyen bir sunucu yok.",
        "{where}: {host}:{port} refused the connection; nothing listens on that port.",
    ),
    "probe.refused.guidance": (
        "Veri tabanı sunucusu çalışıyor mu, port doğru mu? Sunucuyu başlatın ya da site dosyasındaki Port değerini düzeltin.",
        "Is the database server running, is the port right? Start the server or correct Port in the site file.",
    ),
    "probe.refused.guidance.sqlserver": (
        "SQL Server hizmeti çalışıyor mu? SQL Server Configuration Manager'da TCP/IP açık mı? Port doğru mu (varsayılan 1433; adlandırılmış örnekte SQL Server Browser'ın verdiği port)?",
        "Is the SQL Server service running? Is TCP/IP enabled in SQL Server Configuration Manager? Is the port right (1433 by default; for a named instance, the one SQL Server Browser gives)?",
    ),
    "probe.silent": (
        "{where}: {host}:{port} TCP bağlantısına {seconds} saniye içinde yanıt vermedi (güvenlik duvarı ya da VPN paketleri yutuyor olabilir).",
        "{where}: {host}:{port} did not answer a TCP connection within {seconds} seconds (a firewall or VPN may be dropping the packets).",
    ),
    "guidance.login_failed": (
        "Kullanıcı adını ve parolayı (site dosyasındaki ${{...}} ortam değişkenini) kontrol edin.",
        "Check the user name and the password (the ${{...}} environment variable of the site file).",
    ),
    "guidance.login_failed.sqlserver": (
        'Kullanıcı adını ve parolayı kontrol edin; SQL kullanıcısıyla bağlanılıyorsa sunucu "SQL Server and Windows Authentication mode" kipinde olmalı; Windows oturumuyla bağlanmak için Trusted_Connection=yes kullanın.',
        'Check the user name and password; a SQL login needs the server in "SQL Server and Windows Authentication mode"; to use the Windows login, set Trusted_Connection=yes.',
    ),
    "error.database_missing": (
        "{where}: veri tabanı yok ({detail}).",
        "{where}: the database does not exist ({detail}).",
    ),
    "guidance.database_missing": (
        'Veri tabanı adını muhasebe programınızdan kontrol edin ya da "Veri tabanı Ara" ile sunucudakileri listeleyin.',
        'Check the database name in the accounting program, or list the server\'s databases with "Veri tabanı Ara".',
    ),
    "error.permission_denied": (
        "{where}: kullanıcının bu veri tabanına yetkisi yok ({detail}).",
        "{where}: the user has no rights on this database ({detail}).",
    ),
    "guidance.permission_denied": (
        "Konnektör'ün kullandığı kullanıcıya bu veri tabanında okuma yetkisi verin (SQL Server'da db_datareader) ya da yetkili bir kullanıcıyla bağlanın.",
        "Grant the Konnektör's user read rights on this database (db_datareader on SQL Server), or connect with a user that has them.",
    ),
    "error.tables_missing": (
        "{where}: beklenen tablo yok ({detail}).",
        "{where}: an expected table is missing ({detail}).",
    ),
    "guidance.tables_missing": (
        'Bu veri tabanı muhasebe programının bu firma/dönem için kullandığı veri tabanı olmayabilir: "Firma/Dönem Ara" ya da "Veri tabanı Ara" ile doğrusunu bulun.',
        'This may not be the database the accounting program uses for this firm/period: find the right one with "Firma/Dönem Ara" or "Veri tabanı Ara".',
    ),
    "error.certificate": (
        "{where}: sunucunun sertifikası doğrulanamadı ({detail}).",
        "{where}: the server's certificate could not be verified ({detail}).",
    ),
    "guidance.certificate": (
        "ODBC Driver 18 bağlantıyı varsayılan olarak şifreler; sunucunun sertifikası kendinden imzalıysa bağlantı cümlesine Encrypt=yes;TrustServerCertificate=yes ekleyin ya da sunucunun sertifikasını bu bilgisayarın güvenilen kök sertifikalarına yükleyin.",
        "ODBC Driver 18 encrypts by default; if the server's certificate is self-signed add Encrypt=yes;TrustServerCertificate=yes to the connection string, or install the server's certificate in this machine's trusted root store.",
    ),
    "error.error": ("{where}: veri tabanı hatası ({detail}).", "{where}: database error ({detail})."),
    "guidance.error": ("Ayrıntıyı destek kaydına ekleyin.", "Add the detail to the support ticket."),
    "error.bad_connection_string": (
        "{where}: ODBC sürücüsü bağlantı cümlesindeki bir değeri kabul etmedi ({detail}).",
        "{where}: the ODBC driver rejected a value of the connection string ({detail}).",
    ),
    "guidance.bad_connection_string": (
        "Site dosyasındaki odbc değerini düzeltin: ODBC Driver 18 Encrypt için yes/no/strict bekler (ADO.NET'teki True/False değil), TrustServerCertificate için yes/no.",
        "Correct the odbc value in the site file: ODBC Driver 18 takes yes/no/strict for Encrypt (not ADO.NET's True/False), and yes/no for TrustServerCertificate.",
    ),
    "error.locked": (
        "{where}: satır başka bir oturum tarafından kilitli; beklemeden vazgeçildi ({detail}).",
        "{where}: the row is locked by another session; the kit stopped waiting ({detail}).",
    ),
    "guidance.locked": (
        "Konnektör'de ya da başka bir araçta aynı ayar şu anda düzenleniyor olabilir: o pencereyi kapatıp yeniden deneyin. Hiçbir şey yazılmadı.",
        "The same setting may be open for editing in the Konnektör or another tool: close it and try again. Nothing was written.",
    ),
    "error.disk_full": (
        "{where}: veri tabanı sunucusunun diski dolu ({detail}).",
        "{where}: the database server's disk is full ({detail}).",
    ),
    "guidance.disk_full": (
        "Sunucuda yer açın (günlük dosyaları, eski yedekler), sonra yeniden deneyin. Hiçbir şey yazılmadı.",
        "Free space on the server (log files, old backups), then try again. Nothing was written.",
    ),
    "error.read_only": (
        "{where}: veri tabanı salt okunur; yazılamıyor ({detail}).",
        "{where}: the database is read-only; it cannot be written ({detail}).",
    ),
    "guidance.read_only": (
        "Veri tabanının ya da dosyanın yazma iznini kontrol edin (salt okunur bir kopya, izinler, sunucunun read-only ayarı). Hiçbir şey yazılmadı.",
        "Check that the database or file may be written (a read-only copy, permissions, the server's read-only setting). Nothing was written.",
    ),
    "error.duplicate_key": (
        "{where}: aynı anahtarla ikinci bir kayıt yazılmak istendi ({detail}).",
        "{where}: a second record with the same key was about to be written ({detail}).",
    ),
    "guidance.duplicate_key": (
        "Başka bir mühendis aynı anda değişiklik yazıyor olabilir; yeniden deneyin.",
        "Another engineer may be writing a change at the same time; try again.",
    ),
    "db.missing": (
        '"{database}" veri tabanı "{server}" sunucusunda yok.',
        'Database "{database}" does not exist on server "{server}".',
    ),
    "db.missing.guidance": (
        'Veri tabanı adını muhasebe programınızdan kontrol edin ya da "Veri tabanı Ara" ile sunucudakileri listeleyin.',
        'Check the database name in the accounting program, or list the server\'s databases with "Veri tabanı Ara" (search database).',
    ),
    # databases SQL Server lists but nobody may open now (data/database_states.py)
    "db.unavailable": (
        "Şu veri tabanları şimdi açılamadığı için listede yok: {details}.",
        "These databases are left out of the list because they cannot be opened now: {details}.",
    ),
    "db.unavailable.one": ("{names} veri tabanı", "database {names} is"),
    "db.unavailable.many": ("{names} veri tabanları", "databases {names} are"),
    "db.state.restoring": (
        "{subject} RESTORING durumunda: yılın kopyası hâlâ geri yükleniyor; bitince yeniden arayın "
        "(yükleme bittiği hâlde böyle kalıyorsa yedek WITH NORECOVERY ile yüklenmiştir: RESTORE DATABASE … WITH RECOVERY gerekir)",
        "{subject} RESTORING: the year's copy is still being restored; search again when it is done "
        "(if it stays so after the restore has finished, the backup was restored WITH NORECOVERY: RESTORE DATABASE … WITH RECOVERY is needed)",
    ),
    "db.state.recovering": (
        "{subject} RECOVERING durumunda: SQL Server açılıştaki kurtarmayı sürdürüyor; birkaç dakika sonra yeniden arayın",
        "{subject} RECOVERING: SQL Server's start-up recovery is still running; search again in a few minutes",
    ),
    "db.state.copying": (
        "{subject} COPYING durumunda: veri tabanı kopyalama (Azure SQL) sürüyor; bitince yeniden arayın",
        "{subject} COPYING: a database copy (Azure SQL) is still running; search again when it is done",
    ),
    "db.state.offline": (
        "{subject} OFFLINE durumunda: çevrim dışına alınmış (çoğunlukla eski bir yıl); gerekiyorsa veri tabanı yöneticisi "
        "ALTER DATABASE … SET ONLINE ile açmalı",
        "{subject} OFFLINE: taken offline (often an old year); if it is needed, the database administrator brings it back "
        "with ALTER DATABASE … SET ONLINE",
    ),
    "db.state.recovery_pending": (
        "{subject} RECOVERY_PENDING durumunda: SQL Server kurtarmayı başlatamadı (çoğunlukla eksik ya da kilitli bir dosya, "
        "ya da dolu bir disk); veri tabanı yöneticisine bildirin",
        "{subject} RECOVERY_PENDING: SQL Server could not start recovery (often a missing or locked file, or a full disk); "
        "tell the database administrator",
    ),
    "db.state.suspect": (
        "{subject} SUSPECT durumunda: kurtarma başarısız oldu, dosyalar bozuk olabilir; veri tabanı yöneticisine bildirin "
        "ve Konnektör'ü oraya yöneltmeyin",
        "{subject} SUSPECT: recovery failed and the files may be damaged; tell the database administrator and do not "
        "point the Konnektör there",
    ),
    "db.state.emergency": (
        "{subject} EMERGENCY durumunda: yönetici onarım için acil durum kipine almış, yalnızca sysadmin okuyabilir; "
        "onarım bitince yeniden arayın",
        "{subject} EMERGENCY: an administrator set emergency mode for a repair and only sysadmin can read it; "
        "search again after the repair",
    ),
    "db.state.offline_secondary": (
        "{subject} OFFLINE_SECONDARY durumunda: Always On kullanılabilirlik grubunun okunamayan ikincil kopyası; "
        "birincil sunucuya bağlanın",
        "{subject} OFFLINE_SECONDARY: a non-readable secondary replica of an Always On availability group; "
        "connect to the primary server",
    ),
    "db.state.no_access": (
        "{subject} için bağlanılan SQL Server oturumunun (login) erişimi yok (HAS_DBACCESS = 0): bu login'e "
        "veri tabanında bir kullanıcı tanımlayın ya da erişimi olan bir login ile bağlanın",
        "{subject} not accessible to this login (HAS_DBACCESS = 0): map the login to a user in the database, "
        "or connect with a login that has access",
    ),
    "db.state.other": (
        "{subject} {state} durumunda; veri tabanı yöneticisine sorun",
        "{subject} {state}; ask the database administrator",
    ),
    "db.open_failed": (
        '"{database}" veri tabanı açılamadı: {detail}',
        'Database "{database}" could not be opened: {detail}',
    ),
    "konnektor.no_table": (
        "Konnektör ayar tablosu KONNEKTOR_MODUL_AYAR bulunamadı ({where}).",
        "The Konnektör settings table KONNEKTOR_MODUL_AYAR was not found ({where}).",
    ),
    "konnektor.connection_lost": (
        "Konnektör veri tabanıyla bağlantı yazma sırasında koptu; hiçbir modül değiştirilmedi. Ayrıntı: {detail}",
        "The connection to the Konnektör database broke while writing; no module was changed. Detail: {detail}",
    ),
    "concurrent.change": (
        "{module} / {branch} ayarı plan hazırlandıktan sonra başka biri tarafından değiştirilmiş (değişen: {columns}; sürüm {expected} → {found}). Hiçbir şey yazılmadı; planı yeniden hazırlayın.",
        "The setting of {module} / {branch} was changed by someone else after the plan was made (changed: {columns}; version {expected} → {found}). Nothing was written; make the plan again.",
    ),
    "concurrent.gone": (
        "{module} / {branch} ayarı plan hazırlandıktan sonra silinmiş. Hiçbir şey yazılmadı; planı yeniden hazırlayın.",
        "The setting of {module} / {branch} was deleted after the plan was made. Nothing was written; make the plan again.",
    ),
    "undo.after_undo": (
        "Son kayıt ({last}) zaten bir geri alma ({undid} numaralı değişikliği geri aldı); daha geriye gitmek bilinçli bir seçim olmalı: bir önceki değişikliği geri almak için undo --change {next}",
        "The latest entry ({last}) is itself an undo (of change {undid}); walking back further must be an explicit choice: to undo the change before it, undo --change {next}",
    ),
    "history.damaged": (
        "geçmiş kaydı bozuk, geri alınamaz ({detail})",
        "history record damaged, cannot be undone ({detail})",
    ),
    "undo.damaged": (
        "{change} numaralı değişikliğin geçmiş kaydı bozuk ({detail}); bu değişiklik geri alınamaz, ayarları Bağlantı Ayarları'ndan elle düzeltin. Diğer değişiklikler etkilenmez.",
        "The history record of change {change} is damaged ({detail}); it cannot be undone: correct the settings by hand under Bağlantı Ayarları. Other changes are not affected.",
    ),
    "undo.nothing": ("Geri alınacak bir değişiklik yok.", "There is no change to undo."),
    "undo.unknown": ("{change} numaralı değişiklik yok.", "There is no change number {change}."),
    "undo.already": (
        "{change} numaralı değişiklik zaten {by} numaralı değişiklikle geri alınmış.",
        "Change {change} was already undone by change {by}.",
    ),
    "undo.is_undo": (
        "{change} numaralı kayıt bir geri almadır; geri alınan değişikliği yeniden uygulamak için apply kullanın.",
        "Change {change} is itself an undo; to redo, use apply.",
    ),
    "undo.moved_on": (
        "{module} / {branch} ayarı {change} numaralı değişiklikten sonra yeniden değişmiş; önce sonraki değişikliği geri alın. Hiçbir şey yazılmadı.",
        "The setting of {module} / {branch} changed again after change {change}; undo the later change first. Nothing was written.",
    ),
    "plan.blocked": (
        "{count} ayar için mühendis kararı gerekiyor; hiçbir şey yazılmadı. Ayrıntılar tabloda.",
        "{count} setting(s) need an engineer's decision; nothing was written. Details are in the table.",
    ),
    "plan.nothing": (
        "Değişiklik gerekmiyor: bütün modüller zaten {year} yılında.",
        "No change needed: every module is already on {year}.",
    ),
    "plan.applied": (
        "{count} ayar güncellendi (değişiklik no {change}). Geri almak için: {undo}",
        "{count} setting(s) updated (change no {change}). To undo: {undo}",
    ),
    "plan.preview": (
        "Önizleme: hiçbir şey yazılmadı. Uygulamak için --yes ekleyin.",
        "Preview: nothing was written. Add --yes to apply.",
    ),
    "apply.same": (
        "{module} / {branch} zaten bu ayarda; değişiklik gerekmiyor.",
        "{module} / {branch} already has these settings; no change needed.",
    ),
    "apply.need_yes": (
        "Önizleme: hiçbir şey yazılmadı. Uygulamak için --yes ekleyin:",
        "Preview: nothing was written. Add --yes to apply:",
    ),
    "undo.done": (
        "{change} numaralı değişiklik geri alındı ({count} ayar; kayıt no {undo}).",
        "Change {change} undone ({count} setting(s); record no {undo}).",
    ),
    "sandbox.created": (
        "Eğitim sitesi hazır: {site} (senaryo: {scenario}).",
        "Training site ready: {site} (scenario: {scenario}).",
    ),
    "sandbox.unknown": (
        '"{typed}" diye bir senaryo yok. Senaryolar: {known}.',
        'There is no scenario "{typed}". Scenarios: {known}.',
    ),
    "sandbox.not_empty": (
        "{path} klasörü boş değil ve bir eğitim sitesi değil; başka bir klasör seçin.",
        "Folder {path} is not empty and is not a training site; choose another folder.",
    ),
    "sandbox.not_folder": (
        "{path} bir klasör değil; eğitim sitesi için boş ya da yeni bir klasör adı verin.",
        "{path} is not a folder; give an empty or new folder name for the training site.",
    ),
    "usage": ("Komut satırı hatalı: {detail}", "Command line error: {detail}"),
    "internal": (
        "Beklenmeyen bir hata oldu ({kind}). Hiçbir ayar yarım bırakılmadı. Ayrıntı: {detail}",
        "An unexpected error happened ({kind}). No setting was left half-changed. Detail: {detail}",
    ),
    # -- issue 14: the kit's log file (services/logs.py); an unexpected error names it --
    "internal.logged": (
        "Bir şeyler ters gitti — ayrıntılar {log} dosyasında.",
        "Something went wrong — details are in {log}.",
    ),
    # decisions and reasons
    "decision.move": ("{year} yılının adayı: {target}", "the candidate for {year}: {target}"),
    "decision.keep": ("Değişiklik gerekmiyor: {why}", "No change needed: {why}"),
    "decision.ambiguous": (
        "{year} için eşit derecede uygun {count} aday var ({names}); hangisinin doğru olduğunu muhasebe programından teyit edip apply ile seçin.",
        "There are {count} equally good candidates for {year} ({names}); confirm the right one in the accounting program and choose it with apply.",
    ),
    "decision.not_found": (
        "{year} için aday bulunamadı: {why}",
        "No candidate found for {year}: {why}",
    ),
    "decision.confirm": (
        "{year} için tek aday var ama adı alışılmış kalıpta değil; teyit edin ve Seç / apply ile seçin: {target}",
        "There is one candidate for {year}, but its name does not follow the usual pattern; confirm it and choose it with Seç / apply: {target}",
    ),
    "decision.mismatch": (
        "Ayar, {program} programının beklediği yapıya uymuyor: {why}",
        "The setting does not match what {program} keeps: {why}",
    ),
    "reason.logo.span": (
        "firma {firm} dönem {period}: {begin}–{end}",
        "firm {firm} period {period}: {begin}–{end}",
    ),
    "reason.logo.same_firm": ("aynı firmanın yeni dönemi", "new period of the same firm"),
    "reason.logo.copy.taxnr": (
        "firma {old} ile aynı vergi numaralı kopya firma ({name}, VKN {taxnr})",
        "copy of firm {old} under a new number, same tax number ({name}, VKN {taxnr})",
    ),
    "reason.logo.copy.title": (
        "firma {old} ile aynı unvanlı kopya firma ({name})",
        "copy of firm {old} under a new number, same title ({name})",
    ),
    "reason.logo.copy.name": (
        "firma {old} ile aynı adlı kopya firma ({name})",
        "copy of firm {old} under a new number, same name ({name})",
    ),
    "reason.logo.passive": ("pasif firma (PASSIVE)", "passive firm (PASSIVE)"),
    "reason.logo.liquidated": ("tasfiye edilmiş firma (LIQUIDATEDFIRM)", "liquidated firm (LIQUIDATEDFIRM)"),
    "reason.logo.services": ("e-hizmetleri: {services}", "e-services: {services}"),
    "reason.logo.service_off": (
        "{module} kullanmıyor ({flag} = 0)",
        "does not use {module} ({flag} = 0)",
    ),
    "reason.logo.fiscal_start": ("mali yıl {start} tarihinde başlıyor", "fiscal year starts on {start}"),
    "reason.logo.tables_missing": ("dönem tabloları eksik: {missing}", "period tables missing: {missing}"),
    "reason.logo.not_holding": ("{day} gününü kapsamıyor", "does not hold {day}"),
    "reason.logo.donemsiz": (
        "dönemsiz çalışma: firmanın tek dönemi {period} uzatılmış ({begin}–{end}) ve {day} gününü kapsıyor",
        "working independent of fiscal periods: the firm's one period {period} was extended ({begin}–{end}) and holds {day}",
    ),
    "reason.logo.tables_not_created": (
        "firma {firm} dönem {period} ({begin}–{end}) {day} gününü kapsıyor ve L_CAPIPERIOD'da açılmış, ama tabloları oluşturulmamış (eksik: {missing}); LOGO'da dönem tablolarının oluşturulmasını onaylatın, sonra yeniden arayın",
        "firm {firm} period {period} ({begin}–{end}) holds {day} and is open in L_CAPIPERIOD, but its tables were not created (missing: {missing}); have the period's tables created in LOGO, then search again",
    ),
    "reason.logo.extend_or_open": (
        "firma {firm}'in son dönemi {period} {end} tarihinde bitiyor; {day} gününü kapsayan dönem ya da firma kopyası yok: mali dönemden bağımsız (dönemsiz) çalışılıyorsa dönemin ENDDATE'ini uzatın, değilse yeni dönem açın (Muhasebe Programcınızdan destek alabilirsiniz)",
        "firm {firm}'s last period {period} ends on {end}; no period or firm copy holds {day}: if the firm works independent of fiscal periods, extend that period's ENDDATE, otherwise open a new period (your accounting vendor can help)",
    ),
    "reason.logo.other_firm": ("başka bir firma ({name})", "another firm ({name})"),
    "reason.logo.other_db": ("tabloları {database} veri tabanında", "its tables are in database {database}"),
    "reason.logo.current": (
        "mevcut dönem {period} ({begin}–{end}) {day} gününü zaten kapsıyor",
        "the current period {period} ({begin}–{end}) already holds {day}",
    ),
    "reason.logo.no_catalog": (
        "{database} veri tabanında L_CAPIFIRM/L_CAPIPERIOD yok ve sunucuda bu firmayı listeleyen bir Logo ana veri tabanı bulunamadı",
        "database {database} has no L_CAPIFIRM/L_CAPIPERIOD and no Logo main database on the server lists this firm",
    ),
    "reason.logo.no_period_table": (
        "{database} veri tabanında L_CAPIFIRM var ama L_CAPIPERIOD yok; dönemlerin yılı okunamıyor. Logo ana veri tabanının adını muhasebe programcınızdan öğrenin",
        "database {database} has L_CAPIFIRM but no L_CAPIPERIOD, so the periods' years cannot be read. Ask the accounting vendor for the Logo main database's name",
    ),
    "reason.logo.firm_not_in_catalog": (
        "firma {firm}, {database} veri tabanındaki L_CAPIFIRM listesinde yok",
        "firm {firm} is not listed in L_CAPIFIRM of database {database}",
    ),
    "reason.logo.no_firm": (
        "firma kodu boş; LOGO için firma ve dönem kodu gerekir",
        "the firm code is blank; LOGO needs a firm and a period code",
    ),
    "reason.logo.no_year_period": (
        "firma {firm} ve kopyaları için {day} gününü kapsayan dönem açılmamış",
        "no period holding {day} has been opened for firm {firm} or a copy of it",
    ),
    "reason.ignored": (
        "site dosyasının [ignore] listesinde: önerilmez",
        "on the site file's [ignore] list: never proposed",
    ),
    "reason.year_db": ("{year} yılının veri tabanı", "the database of {year}"),
    "reason.docs": ("{count} belge", "{count} documents"),
    "reason.docs_in_year": ("{year} tarihli {count} belge", "{count} documents dated {year}"),
    "reason.invoices": ("{count} fatura", "{count} invoices"),
    "reason.docs_until": ("son belge {last}", "last document {last}"),
    "reason.same_stem": ("adı mevcut veri tabanıyla aynı kalıpta ({stem})", "named like the current database ({stem})"),
    "reason.other_stem": ("adı farklı ({stem})", "a different name ({stem})"),
    "reason.decoy": ("yedek/test kopyası gibi görünüyor", "looks like a backup or test copy"),
    "reason.same_tables": ("mevcut veri tabanıyla aynı tablolar", "same tables as the current database"),
    "reason.tables_differ": ("tabloları farklı: eksik {missing}", "tables differ: missing {missing}"),
    "reason.other_year": ("{year} yılına ait", "belongs to {year}"),
    "reason.current_missing": (
        "mevcut veri tabanı {database} sunucuda yok; aday yalnızca adından seçildi",
        "the current database {database} is not on the server; the candidate was chosen by its name only",
    ),
    "reason.no_year_in_name": (
        "veri tabanı adında yıl yok ({database}); yıllara göre veri tabanı bulunamıyor",
        "the database name has no year in it ({database}), so per-year databases cannot be found",
    ),
    "reason.no_candidate_db": (
        "sunucuda {pattern} kalıbında bir veri tabanı yok",
        "the server has no database named like {pattern}",
    ),
    "reason.netsis.row": (
        "SIRKETLER30: {company}, yıl {year}",
        "SIRKETLER30: {company}, year {year}",
    ),
    "reason.netsis.devirsiz": (
        "devirsiz çalışma: {company} şirketinin SIRKETLER30'daki yılı zaten {year}",
        "no-rollover (devirsiz) working: company {company} is already on {year} in SIRKETLER30",
    ),
    "reason.netsis.devir_named": (
        "serbest adlı devir şirketi: cari hesapların {shared} tanesi aynı, aynı firma olabilir",
        "a free-named devir company: {shared} of the accounts are the same, it may be the same firm",
    ),
    "reason.netsis.no_year_column": (
        "SIRKETLER30 tablosunda SIRKETYILI sütunu yok (eski Netsis sürümü); yıl veri tabanı adından okundu",
        "SIRKETLER30 has no SIRKETYILI column (an older Netsis release); the year was read from the database name",
    ),
    "reason.netsis.devirsiz_waiting": (
        "devirsiz çalışma ({signs}): {company} şirketinin SIRKETLER30'daki yılı hâlâ {listed}, çünkü SIRKETYILI ancak açılış fişi yapılınca ilerler; {year} tarihli {count} belge zaten bu şirkette ve yeni bir şirket yok",
        "no-rollover (devirsiz) working ({signs}): company {company} is still on {listed} in SIRKETLER30, because SIRKETYILI moves only when the opening voucher is made; {count} documents dated {year} are already in this company and there is no newer company",
    ),
    "reason.netsis.keep_for_now": (
        "şimdilik değişiklik yok: {year} tarihli {count} belge hâlâ {company} şirketine giriliyor (son {last}) ve {year} şirketi henüz açılmadı; devir yapılınca yeniden arayın",
        "keep for now: {count} documents dated {year} are still being entered into {company} (last {last}) and the {year} company has not been created yet; search again once the rollover is made",
    ),
    "reason.netsis.not_listed": (
        "{company} şirketi NETSIS veri tabanının SIRKETLER30 tablosunda yok; şirket listesini Netsis'ten kontrol edin",
        "company {company} is missing from SIRKETLER30 in the NETSIS database; check the company list in Netsis",
    ),
    "reason.netsis.no_system_db": (
        "sunucuda NETSIS sistem veri tabanı (SIRKETLER30) yok; yıl veri tabanı adından okundu",
        "the server has no NETSIS system database (SIRKETLER30); the year was read from the database name",
    ),
    "reason.netsis.no_year_company": (
        "SIRKETLER30'da {year} yılı için {company} şirketinin devri yok",
        "SIRKETLER30 lists no {year} company carried over from {company}",
    ),
    "reason.mikro.company": (
        "VERI_TABANLARI: {code} ({name})",
        "VERI_TABANLARI: {code} ({name})",
    ),
    "reason.mikro.no_companies": (
        "Mikro ana veri tabanı {master} şirket listesini (VERI_TABANLARI) tutmuyor; şirketin hangi veri tabanında olduğunu muhasebe programından öğrenip Bağlantı Ayarları'na elle girin",
        "the Mikro master database {master} holds no company list (VERI_TABANLARI); ask the accounting program which database the company uses and enter it under Bağlantı Ayarları",
    ),
    "reason.mikro.no_master": (
        "sunucuda Mikro ana veri tabanı (MikroDB_V1x ya da MikroDesktop) yok",
        "the server has no Mikro master database (MikroDB_V1x or MikroDesktop)",
    ),
    "reason.mikro.not_listed": (
        "{database}, {master} ana veri tabanının VERI_TABANLARI listesinde yok",
        "{database} is not listed in VERI_TABANLARI of master database {master}",
    ),
    "reason.mikro.stopped": (
        "{code} şirketinin son belgesi {last}: o tarihten sonra kullanılmıyor",
        "company {code}'s last document is dated {last}: it is no longer used",
    ),
    "reason.mikro.successor": (
        "aynı adlı şirket {code}, belgeleri {begin} tarihinde başlıyor",
        "company {code} of the same name, whose documents start on {begin}",
    ),
    "reason.mikro.dates": ("belgeler {begin}–{end}", "documents {begin}–{end}"),
    "reason.mikro.multi_year": (
        "tek şirket veri tabanı bütün yılları tutuyor ve belgeler {year} yılına ulaşıyor ({last})",
        "one company database holds every year and its documents reach {year} ({last})",
    ),
    "reason.mikro.multi_year_waiting": (
        "tek şirket veri tabanı bütün yılları tutuyor; {year} tarihli belge henüz yok (son belge {last})",
        "one company database holds every year; no document dated {year} yet (last document {last})",
    ),
    "reason.eta.name": ("ETA_{company}_{year}", "ETA_{company}_{year}"),
    "reason.generic.current": (
        "mevcut veri tabanı {database} zaten {year} yılının veri tabanı",
        "the current database {database} already is the database of {year}",
    ),
    # -- issue 15: December readiness (services/readiness.py), campaigns over many sites (services/campaign.py) --
    "ready.needs.LOGO": (
        "firma {firm} için {year} yılının 1 Ocak gününü kapsayan dönem (ya da firma kopyası), tabloları oluşturulmuş olarak",
        "the period of firm {firm} holding 1 January {year} (or a copy of the firm), with its tables created",
    ),
    "ready.needs.NETSIS": (
        "{year} şirketi (devirli: yeni yılın şirketi; devirsiz: {database} için SIRKETYILI = {year})",
        "the {year} company (devirli: the new year's company; devirsiz: SIRKETYILI = {year} for {database})",
    ),
    "ready.needs.MIKRO": (
        "{year} yılının MIKRO şirketi (VERI_TABANLARI'nda, iptal edilmemiş)",
        "the MIKRO company of {year} (in VERI_TABANLARI, not cancelled)",
    ),
    "ready.needs.ETA": (
        "{year} yılının ETA veri tabanı (ETA_<ŞİRKET>_{year})",
        "the ETA database of {year} (ETA_<COMPANY>_{year})",
    ),
    "ready.needs.GENERIC": (
        "{year} yılının veri tabanı ({database} adının yeni yıllı karşılığı)",
        "the database of {year} (the new-year counterpart of {database})",
    ),
    "ready.todo.automatic": (
        "1 Ocak {year} geçişi kendiliğinden, ayar değişmeyecek — {why}",
        "The move on 1 January {year} is automatic, the setting stays as it is — {why}",
    ),
    "ready.todo.ready": (
        "Hedef hazır; 1 Ocak'ta taşıyın: {command} --yes",
        "The target exists; move it on 1 January: {command} --yes",
    ),
    "ready.todo.vendor": (
        "Eksik: {needs}. Muhasebe Programcınızdan destek alabilirsiniz",
        "Missing: {needs}. Ask the accounting vendor (Muhasebe Programcınızdan destek alabilirsiniz)",
    ),
    "ready.todo.decide": (
        "Birden çok aday ya da teyit bekleyen bir aday var; mühendis seçmeli: {command}",
        "Several candidates, or one awaiting confirmation: the engineer must choose: {command}",
    ),
    "ready.todo.broken": (
        "Ayar okunamadı ya da sunucuya ulaşılamadı; nedenini görmek için: {command}",
        "The setting could not be read or its server reached; to see why: {command}",
    ),
    "ready.state.automatic": ("kendiliğinden", "automatic"),
    "ready.state.ready": ("hazır", "ready"),
    "ready.state.missing": ("eksik", "missing"),
    "ready.state.decide": ("karar bekliyor", "needs a decision"),
    "ready.state.broken": ("okunamadı", "broken"),
    "ready.who.vendor": ("Muhasebe Programcısı", "accounting vendor"),
    "ready.who.engineer": ("destek mühendisi", "support engineer"),
    "ready.col.state": ("Hazırlık", "Readiness"),
    "ready.col.target": ("Yeni yılın hedefi", "Next year's target"),
    "ready.col.who": ("Kim yapmalı", "Who must act"),
    "ready.col.todo": ("Yapılacak", "To do"),
    "ready.summary": (
        "{year} için {total} ayar: {ready} hazır ({automatic} tanesi kendiliğinden geçecek), {missing} eksik, {decide} karar bekliyor, {broken} okunamadı",
        "{total} settings for {year}: {ready} ready ({automatic} of them move by themselves), {missing} missing, {decide} need a decision, {broken} broken",
    ),
    "fleet.count": (
        "--many {count}: 1 ile 100.000 arasında bir site sayısı bekleniyor.",
        "--many {count}: a number of sites from 1 to 100,000 is expected.",
    ),
    "fleet.created": ("{count} site yazıldı: {folder} ({states})", "{count} sites written: {folder} ({states})"),
    "fleet.scenario_too": (
        "--many ile --scenario birlikte verilemez: senaryolar karışık seçilir.",
        "--many and --scenario cannot be given together: the scenarios are mixed.",
    ),
    "campaign.no_folder": ("Site klasörü bulunamadı: {path}", "The sites folder was not found: {path}"),
    "campaign.no_sites": ("{path} altında site dosyası (.toml) yok.", "There is no site file (.toml) under {path}."),
    "campaign.jobs": (
        "--jobs {jobs}: 1 ile {most} arasında bir sayı bekleniyor.",
        "--jobs {jobs}: a number from 1 to {most} is expected.",
    ),
    "campaign.title": ("Kampanya: {verb}, {year}", "Campaign: {verb}, {year}"),
    "campaign.summary": (
        "{sites} site: {ok} uygun, {late} gecikmiş, {broken} okunamadı/ulaşılamadı",
        "{sites} sites: {ok} ok, {late} late, {broken} broken or unreachable",
    ),
    "campaign.done": ("Sonuç sayfası: {index}", "Result page: {index}"),
    "campaign.sort_hint": ("sıralamak için sütun başlığına tıklayın", "click a column header to sort"),
    "campaign.col.site": ("Site", "Site"),
    "campaign.col.ok": ("Uygun", "OK"),
    "campaign.col.late": ("Gecikmiş", "Late"),
    "campaign.col.broken": ("Hatalı", "Broken"),
    "campaign.col.status": ("Durum", "Status"),
    "campaign.col.first": ("İlk yapılacak", "First thing to do"),
    "campaign.col.report": ("Rapor", "Report"),
    "campaign.col.seconds": ("Süre (sn)", "Time (s)"),
    "campaign.link.report": ("rapor", "report"),
    "campaign.link.notebook": ("defter", "notebook"),
    "campaign.status.ok": ("uygun", "ok"),
    "campaign.status.late": ("gecikmiş", "late"),
    "campaign.status.broken": ("hatalı", "broken"),
    "ui.ready": ("Yeni yıla hazır mı?", "Ready for next year?"),
    "ui.ready_year": ("Gelecek yıl", "Next year"),
    # checks
    "check.ok": ("Bağlantı ve içerik doğru: {what}", "Connection and content are right: {what}"),
    "check.tables_missing": (
        "{database} veri tabanında {program} tabloları eksik: {tables}",
        "{program} tables are missing in database {database}: {tables}",
    ),
    "check.tables_missing.guidance": (
        "Firma/dönem kodunu ve veri tabanı adını muhasebe programındaki ile karşılaştırın.",
        "Compare the firm/period code and the database name with those in the accounting program.",
    ),
    "check.no_documents": (
        "{what}: {year} tarihli belge yok ({detail})",
        "{what}: no document dated {year} ({detail})",
    ),
    "check.edocs_emptied": (
        "{database} yeni yıl kopyasında e-belge tabloları boş ({tables}), geçen yılın {previous} veri tabanında {count} kayıt var; gönderilmiş e-belgelerin geçmişi eski veri tabanında kalır",
        "the new-year copy {database} has empty e-document tables ({tables}) while last year's {previous} holds {count} rows; the history of sent e-documents stays in the old database",
    ),
    "check.edocs": ("e-belge tabloları: {tables}", "e-document tables: {tables}"),
    "check.wrong_year": (
        "Ayar {year} yılını göstermiyor: {detail}",
        "The setting does not point at {year}: {detail}",
    ),
    "check.unknown_program": (
        '"{program}" programı tanınmıyor; GENERIC kurallarıyla denetlendi.',
        'Program "{program}" is not known; checked with the GENERIC rules.',
    ),
    # error categories (connection layer)
    # SQL Server Browser, named instances (data/sqlbrowser.py)
    "sqlbrowser.silent": (
        "{host}: SQL Server Browser (UDP {port}) {seconds} saniye içinde yanıt vermedi; {instance} instance'ının TCP portu öğrenilemedi.",
        "{host}: the SQL Server Browser (UDP {port}) did not answer within {seconds} seconds; the TCP port of instance {instance} could not be learnt.",
    ),
    "sqlbrowser.refused": (
        "{host}: UDP {port} portunda SQL Server Browser çalışmıyor (sunucu isteği reddetti); {instance} instance'ının TCP portu öğrenilemedi.",
        "{host}: no SQL Server Browser runs on UDP {port} (the server refused the request); the TCP port of instance {instance} could not be learnt.",
    ),
    "sqlbrowser.silent.guidance": (
        "Sunucuda SQL Server Browser servisini başlatın (güvenlik duvarında UDP {port} açık olmalı) ya da sunucuyu host,port biçiminde yazın, ör. {host},PORT: instance'ın TCP portu SQL Server Configuration Manager'da görünür (SQL Server Network Configuration → Protocols for {instance} → TCP/IP → IP Addresses → IPAll).",
        "Start the SQL Server Browser service on the server (the firewall must allow UDP {port}), or give host,port, e.g. {host},PORT: the instance's TCP port is shown in SQL Server Configuration Manager (SQL Server Network Configuration → Protocols for {instance} → TCP/IP → IP Addresses → IPAll).",
    ),
    "sqlbrowser.unknown": (
        '{host} sunucusunda "{instance}" adlı instance yok; SQL Server Browser\'ın bildirdikleri şunlar: {known}.',
        'Server {host} has no instance "{instance}"; the SQL Server Browser reports these: {known}.',
    ),
    "sqlbrowser.unknown.guidance": (
        "Sunucu\\instance adını bu listedekilerden biriyle düzeltin ya da instance'ın TCP portunu host,port biçiminde verin.",
        "Correct the server\\instance name to one of these, or give the instance's TCP port as host,port.",
    ),
    "sqlbrowser.none": ("hiçbiri", "none"),
    "sqlbrowser.no_tcp": (
        "{host}\\{instance} instance'ı TCP/IP bağlantısı kabul etmiyor: SQL Server Browser bu instance için TCP portu bildirmedi.",
        "Instance {host}\\{instance} accepts no TCP/IP connections: the SQL Server Browser reports no TCP port for it.",
    ),
    "sqlbrowser.no_tcp.guidance": (
        "SQL Server Configuration Manager'da instance için TCP/IP'yi etkinleştirin (SQL Server Network Configuration → Protocols for {instance} → TCP/IP → Enabled) ve SQL Server ({instance}) servisini yeniden başlatın.",
        "Enable TCP/IP for the instance in SQL Server Configuration Manager (SQL Server Network Configuration → Protocols for {instance} → TCP/IP → Enabled) and restart the SQL Server ({instance}) service.",
    ),
    "sqlbrowser.unresolved": (
        "{host}: sunucu adı çözülemedi ({detail}).",
        "{host}: the server name could not be resolved ({detail}).",
    ),
    "sqlbrowser.resolve_slow": ("{seconds} saniye içinde bitmedi", "it did not finish within {seconds} seconds"),
    "sqlbrowser.bad_server": (
        'Sunucu "{typed}" geçersiz: SRV01, SRV01\\INSTANCE, .\\SQLEXPRESS ya da 10.0.0.5,1433 biçiminde yazılır.',
        'Server "{typed}" is invalid: write it as SRV01, SRV01\\INSTANCE, .\\SQLEXPRESS or 10.0.0.5,1433.',
    ),
    "cat.ok": ("tamam", "ok"),
    "cat.warning": ("uyarı", "warning"),
    "cat.driver_missing": ("ODBC sürücüsü yok", "ODBC driver missing"),
    "cat.server_unreachable": ("sunucuya ulaşılamıyor", "server unreachable"),
    "cat.timeout": ("zaman aşımı", "timeout"),
    "cat.login_failed": ("oturum açılamadı", "login failed"),
    "cat.database_missing": ("veri tabanı yok", "database missing"),
    "cat.permission_denied": ("yetki yok", "permission denied"),
    "cat.tables_missing": ("tablolar eksik", "tables missing"),
    "cat.bad_code": ("kod biçimi hatalı", "code format wrong"),
    "cat.wrong_year": ("yıl uyuşmuyor", "wrong year"),
    "cat.no_documents": ("belge yok", "no documents"),
    "cat.profile_mismatch": ("program yapısı uyuşmuyor", "program layout mismatch"),
    "cat.certificate": ("sertifika güvenilmiyor", "certificate not trusted"),
    "cat.unknown_server": ("sunucu tanımsız", "server not defined"),
    "cat.error": ("hata", "error"),
    "cat.bad_connection_string": ("bağlantı cümlesi hatalı", "connection string wrong"),
    "cat.locked": ("satır kilitli", "row locked"),
    "cat.disk_full": ("disk dolu", "disk full"),
    "cat.read_only": ("salt okunur", "read-only"),
    "cat.duplicate_key": ("eş zamanlı yazma", "concurrent write"),
    "cat.year_not_rolled": ("yıl henüz ilerlemedi", "year not rolled yet"),
    # words for tables
    "col.module": ("Modül", "Module"),
    "col.branch": ("Şube", "Branch"),
    "col.program": ("Program", "Program"),
    "col.server": ("Sunucu", "Server"),
    "col.database": ("Veri tabanı", "Database"),
    "col.firm": ("Firma", "Firm"),
    "col.period": ("Dönem", "Period"),
    "col.version": ("Sürüm", "Version"),
    "col.updated": ("Güncelleme", "Updated"),
    "col.year": ("Yıl", "Year"),
    "col.dates": ("Tarih aralığı", "Dates"),
    "col.documents": ("Belge", "Documents"),
    "col.label": ("Açıklama", "Label"),
    "col.score": ("Puan", "Score"),
    "col.reason": ("Neden", "Reason"),
    "col.ok": ("Durum", "Status"),
    "col.category": ("Kategori", "Category"),
    "col.message": ("Mesaj", "Message"),
    "col.before": ("Önce", "Before"),
    "col.after": ("Sonra", "After"),
    "col.change": ("No", "No"),
    "col.time": ("Zaman", "Time"),
    "col.kind": ("İşlem", "Action"),
    "col.rows": ("Satır", "Rows"),
    "col.undone_by": ("Geri alan", "Undone by"),
    "col.note": ("Not", "Note"),
    "word.ok": ("TAMAM", "OK"),
    "word.fail": ("HATA", "FAIL"),
    "word.unchanged": ("değişmiyor", "unchanged"),
    "word.needs_engineer": ("karar gerekli", "needs decision"),
    "status.move": ("taşınacak", "to move"),
    "status.keep": ("değişiklik gerekmiyor", "no change needed"),
    # check categories, as a person reads them
    "category.ok": ("uygun", "ok"),
    "category.wrong_year": ("eski yıl", "old year"),
    "category.bad_code": ("hatalı kod", "bad code"),
    "category.database_missing": ("veri tabanı yok", "database missing"),
    "category.tables_missing": ("tablolar yok", "tables missing"),
    "category.no_documents": ("belge yok", "no documents"),
    "category.edocs_emptied": ("e-belge tabloları boş", "e-document tables empty"),
    "category.profile_mismatch": ("yapı uyuşmuyor", "layout mismatch"),
    "category.unknown_server": ("sunucu tanımsız", "unknown server"),
    "category.driver_missing": ("sürücü yok", "driver missing"),
    "category.server_unreachable": ("sunucuya ulaşılamıyor", "server unreachable"),
    "category.timeout": ("zaman aşımı", "timeout"),
    "category.login_failed": ("giriş reddedildi", "login failed"),
    "category.permission_denied": ("yetki yok", "no rights"),
    "category.certificate": ("sertifika", "certificate"),
    "category.error": ("hata", "error"),
    "category.bad_connection_string": ("bağlantı cümlesi hatalı", "connection string wrong"),
    "category.locked": ("satır kilitli", "row locked"),
    "category.disk_full": ("disk dolu", "disk full"),
    "category.read_only": ("salt okunur", "read-only"),
    "category.duplicate_key": ("eş zamanlı yazma", "concurrent write"),
    "category.year_not_rolled": ("yıl henüz ilerlemedi", "year not rolled yet"),
    # the app (ui/): the Konnektör's own screen words where it has them
    # the seed's guide of each section, shown beside its form (ui/guide.py)
    "guide.title": ("Kılavuz", "Guide"),
    "guide.seen": ("Ne görürsünüz", "What you see"),
    "guide.steps": ("Ne yaparsınız", "What to do"),
    "guide.verify": ("Nasıl doğrularsınız", "How to verify"),
    "guide.fails": ("Olmazsa", "If it fails"),
    "guide.nav": ("Sayfalar", "Pages"),
    "guide.start.seen": (
        "Her modül ve şube için Konnektör'ün okuduğu veri tabanı, firma ve dönem; yanında sağlığı (yeşil tamam, sarı uyarı, kırmızı hata).",
        "For every module and branch, the database, firm and period the Konnektör reads, with its health (green ok, yellow warning, red error).",
    ),
    "guide.start.steps": (
        "Müşterinin site dosyasını açın | Yılı seçip Denetle'ye basın | Kırmızı hücre varsa önerilen kılavuza gidin",
        "Open the customer's site file | Choose the year and press Check | Where a cell is red, follow the guide it suggests",
    ),
    "guide.start.verify": (
        "Bütün hücreler yeşil: her modül yılın veri tabanını okuyor.",
        "Every cell is green: every module reads the year's database.",
    ),
    "guide.start.fails": (
        "Sunucuya ulaşılamıyorsa 04 Teşhis sayfası nedenini ve yapılacağı söyler; eski yıl görünüyorsa 01 Yeni Yıl Geçişi.",
        "If a server cannot be reached, 04 Diagnosis says why and what to do; if a module is on the old year, 01 New-year transition.",
    ),
    "guide.new_year.seen": (
        "Yeni yılda Konnektör'e girişte açılan otomatik veri tabanı güncelleme ekranının karşılığı: her modül ve şube için kitin planı (önce → sonra) ve nedeni.",
        "The counterpart of the Konnektör's automatic database update screen at the first login of the new year: the kit's plan for every module and branch (before → after) with its reason.",
    ),
    "guide.new_year.steps": (
        "Planı hazırla | Her modül için tekrarlanır: satırı seçin, programa göre Firma / Dönem Ara ya da Veri tabanı Ara | Yeni yılın kodlarını ya da veri tabanını işaretleyip Seç, sonra Tamam | Önizlemeyi okuyun, GÜNCELLE",
        "Prepare the plan | Repeated for each module: pick the row, then Search firm/period or Search database, by accounting program | Mark the new year's codes or database, Select, then OK | Read the preview, then UPDATE",
    ),
    "guide.new_year.verify": (
        "GÜNCELLE'den sonra her modül denetlenir: sunucu, veri tabanı, programın tabloları ve yılın belgeleri. Hepsi yeşil olmalı.",
        "After UPDATE every module is tested: server, database, the program's tables and the year's documents. All must be green.",
    ),
    "guide.new_year.fails": (
        "Firma/Dönem Kodu ya da Veri tabanı Adı bilinmiyorsa muhasebe programcınızdan destek alın. Yanlış olduysa 03 sayfasındaki geçmişten geri alınır; hiçbir modül yarım kalmaz.",
        "Without the firm/period code or the database name, ask the accounting vendor (Muhasebe Programcınızdan destek alabilirsiniz). If it went wrong, undo it from the history on page 03; no module is left half-changed.",
    ),
    "guide.optional.seen": (
        "Yıl içinde veri tabanı değişen bir firma ya da şube için Bağlantı Ayarları: sunucu, veri tabanı, firma kodu (3 hane) ve dönem kodu (2 hane).",
        "Connection settings (Bağlantı Ayarları) for a firm or branch whose database changed during the year: server, database, firm code (3 digits) and period code (2 digits).",
    ),
    "guide.optional.steps": (
        'Modülü ve şubeyi seçin | Veri tabanını seçin; firma "2" → "002", dönem "1" → "01"; bilinmiyorsa boş bırakın | Bağlantınızı Test | Test geçince GÜNCELLE | Her firma ya da şube için tekrarlayın',
        'Choose the module and branch | Choose the database; firm "2" → "002", period "1" → "01"; leave blank if unknown | Test your connection | When the test passes, UPDATE | Repeat for each firm or branch',
    ),
    "guide.optional.verify": (
        "Test yeşil ve GÜNCELLE sonucu modülü ve şubeyi yeni değerleriyle gösteriyor.",
        "The test is green and UPDATE's result shows the module and branch with the new values.",
    ),
    "guide.optional.fails": (
        "Test kırmızıysa mesajdaki yönergeyi izleyin (sunucu adı, kullanıcı, veri tabanı adı, kodlar); GÜNCELLE ancak geçen bir testten sonra açılır.",
        "If the test is red, follow the guidance in the message (server name, login, database name, codes); UPDATE opens only after a passing test.",
    ),
    "guide.inside.seen": (
        "Konnektör'ün içinden, ürün ürün aynı Bağlantı Ayarları; eFinans Personeli alanı yalnızca QNB eFinans yetkilileri içindir.",
        "The same connection settings from inside the Konnektör, product by product; the eFinans Personeli field is only for people authorised by QNB eFinans.",
    ),
    "guide.inside.steps": (
        "Ürünü (modülü) ve şubeyi seçin | Bağlantı Ayarları → veri tabanı → Bağlantınızı Test → GÜNCELLE | Her ürün için tekrarlayın | Geçmiş ve geri alma yalnızca eFinans Personeli içindir",
        "Choose the product (module) and branch | Bağlantı Ayarları → database → Test your connection → UPDATE | Repeat for each product | History and undo are for eFinans staff only",
    ),
    "guide.inside.verify": (
        "Test yeşil; geçmişte değişiklik numarası ile görünür.",
        "The test is green; the change appears in the history with its number.",
    ),
    "guide.inside.fails": (
        "Yanlış bir değişiklik eFinans Personeli tarafından geçmişten geri alınır (bütün satırları birlikte).",
        "A wrong change is undone from the history by eFinans staff (all its rows together).",
    ),
    "guide.diagnosis.seen": (
        "Her ayarın denetimi: ne bulundu, ne yanlış ve ne yapılmalı.",
        "Every setting checked: what was found, what is wrong and what to do.",
    ),
    "guide.diagnosis.steps": (
        "Yılı seçip Denetle | Kırmızı satırların yönergesini izleyin | Destek kaydı için Raporu indirin (parola içermez)",
        "Choose the year and Check | Follow the guidance of the red rows | Download the report for the support ticket (it holds no password)",
    ),
    "guide.diagnosis.verify": (
        "Düzeltmeden sonra yeniden Denetle: satırlar yeşil.",
        "After fixing, Check again: the rows are green.",
    ),
    "guide.diagnosis.fails": (
        "Sunucuya ulaşılamıyorsa mesaj nedenini söyler (ad çözülemedi, port kapalı, yanıt yok); raporu destek kaydına ekleyin.",
        "If a server cannot be reached the message says why (name not resolved, port closed, no answer); attach the report to the ticket.",
    ),
    "guide.training.seen": (
        "Eğitim senaryoları: gerçek gibi müşteriler, hepsi bu bilgisayarda, sunucu gerekmez.",
        "Training scenarios: realistic customers, all on this machine, no server needed.",
    ),
    "guide.training.steps": (
        "Senaryoyu seçip Kur / Sıfırla | Bağlantıları izleyip alıştırmayı 01–03 sayfalarında yapın | Buraya dönüp Kontrol Et",
        "Choose a scenario and Set up / Reset | Follow the links and do the exercise on pages 01–03 | Come back and Grade",
    ),
    "guide.training.verify": (
        "Kontrol Et her modülü senaryonun beklediğiyle karşılaştırır: tam puan.",
        "Grade compares every module with what the scenario expects: full marks.",
    ),
    "guide.training.fails": (
        "Yanlış modüller tabloda; senaryoyu sıfırlayıp yeniden deneyin.",
        "The wrong modules are in the table; reset the scenario and try again.",
    ),
    # training: "Kur / Sıfırla" is a one-time link (ui/training.py, services/training.py)
    "training.reset": ("Kur / Sıfırla", "Set up / Reset"),
    "training.reset_used": (
        "Senaryo yeniden kurulmadı: bu Kur / Sıfırla bağlantısı daha önce kullanıldı, alıştırmanız olduğu gibi duruyor. Baştan başlamak için Kur / Sıfırla'ya basın.",
        "The scenario was not set up again: this Set up / Reset link was used before, and your exercise is kept as it is. To start over, press Set up / Reset.",
    ),
    "training.reset_invalid": (
        "Bu Kur / Sıfırla bağlantısı bu sayfanın verdiği bir bağlantı değil; hiçbir şey sıfırlanmadı. Sıfırlamak için Kur / Sıfırla'ya basın.",
        "This Set up / Reset link is not one this page gave; nothing was reset. To reset, press Set up / Reset.",
    ),
    "training.not_sandbox": (
        'Bu site bir eğitim senaryosu değil: bir senaryo seçip "Kur / Sıfırla"ya basın.',
        'This site is not a training scenario: choose one and press "Set up / Reset".',
    ),
    "ui.title.start": ("Başlangıç — modüllerin durumu", "Start — the modules at a glance"),
    "ui.title.new_year": ("Yeni Yıl Geçiş Ayarları", "New-year transition settings"),
    "ui.title.optional": ("İsteğe Bağlı Veri Tabanı Geçiş Ayarları", "Optional database transition settings"),
    "ui.title.inside": ("Konnektör İçinden Veri Tabanı Değişikliği", "Changing the database from inside the Konnektör"),
    "ui.title.diagnosis": ("Teşhis", "Diagnosis"),
    "ui.title.training": ("Eğitim", "Training"),
    "ui.open_site": ("Aç", "Open"),
    "ui.year": ("Yıl", "Year"),
    "ui.check_all": ("Hepsini denetle", "Check all"),
    "ui.guide.new_year": ("1 · Yeni Yıl Geçişi", "1 · New-year transition"),
    "ui.guide.optional": ("2 · İsteğe Bağlı Geçiş", "2 · Optional transition"),
    "ui.guide.inside": ("3 · Konnektör İçinden", "3 · From inside the Konnektör"),
    "ui.guide.diagnosis": ("Teşhis", "Diagnosis"),
    "ui.guide.training": ("Eğitim", "Training"),
    "ui.advice.diagnose": (
        "{count} ayarda yıl dışında bir sorun var: önce teşhis edin.",
        "{count} settings have a problem other than the year: diagnose first.",
    ),
    "ui.advice.new_year": (
        "{count} ayar henüz {year} yılını göstermiyor: yeni yıl geçişini yapın.",
        "{count} settings do not point at {year} yet: do the new-year transition.",
    ),
    "ui.advice.all_ok": (
        "Bütün modüller doğru yılı gösteriyor ve bağlantılar çalışıyor.",
        "Every module points at the right year and every connection works.",
    ),
    "ui.make_plan": ("Planı hazırla", "Make the plan"),
    "ui.plan_blocked": (
        '{count} ayar için karar sizin: satırı seçip "Ara" ile adayları açın, "Seç" ve "Tamam" ile belirleyin.',
        '{count} settings need your decision: pick the row, open its candidates with "Ara", then "Seç" and "Tamam".',
    ),
    "ui.search.firm_period": ("Firma / Dönem Ara", "Firma / Dönem Ara (search firm/period)"),
    "ui.search.database": ("Veri tabanı Ara", "Veri tabanı Ara (search database)"),
    "ui.no_candidates": ("Bu ayar için aday bulunamadı.", "No candidate was found for this setting."),
    "ui.select": ("Seç", "Seç (select)"),
    "ui.ok": ("Tamam", "Tamam (OK)"),
    "ui.pick_first": ("Önce listeden bir satır işaretleyin.", "Mark a row of the list first."),
    "ui.selected": ("Seçilen", "Selected"),
    "ui.chosen_in_plan": ("{row} için seçiminiz plana eklendi.", "Your choice for {row} is in the plan."),
    "ui.preview": ("Önizleme: GÜNCELLE ile yazılacak değişiklikler", "Preview: the changes GÜNCELLE will write"),
    "ui.update": ("GÜNCELLE", "GÜNCELLE (update)"),
    "ui.nothing_to_write": ("Yazılacak bir değişiklik yok.", "There is nothing to write."),
    "ui.updated": (
        "{count} ayar güncellendi (değişiklik no {change}). Sonuçlar aşağıda.",
        "{count} settings updated (change no {change}). Results below.",
    ),
    "ui.updated_one": (
        "{module} / {branch}: {before} → {after} olarak güncellendi (değişiklik no {change}).",
        "{module} / {branch}: updated {before} → {after} (change no {change}).",
    ),
    "kind.apply": ("tek değişiklik (apply)", "one change (apply)"),
    "kind.new-year": ("yeni yıl geçişi", "new-year transition"),
    "kind.undo": ("geri alma", "undo"),
    "ui.connection_settings": ("Bağlantı Ayarları", "Bağlantı Ayarları (connection settings)"),
    "ui.firm_code": ("Firma Kodu", "Firm code"),
    "ui.period_code": ("Dönem Kodu", "Period code"),
    "ui.code_unused": ("kullanılmıyor (boş)", "not used (blank)"),
    "ui.now": ("Şu an", "Now"),
    "ui.expected": ("Beklenen", "Expected"),
    "ui.test": ("Bağlantınızı Test", "Bağlantınızı Test (test your connection)"),
    "ui.test_ok": (
        "Bağlantı ve içerik doğru: GÜNCELLE ile kaydedebilirsiniz.",
        "Connection and content are right: save with GÜNCELLE.",
    ),
    "ui.test_failed": (
        "Test başarısız: yukarıdaki açıklamaya göre düzeltip yeniden test edin.",
        "The test failed: correct what is said above and test again.",
    ),
    "ui.test_first": (
        'Önce "Bağlantınızı Test" ile bu değerleri test edin.',
        'Test these values with "Bağlantınızı Test" first.',
    ),
    "ui.staff": ("eFinans Personeli", "eFinans Personeli (staff)"),
    "ui.enter": ("Giriş", "Giriş (enter)"),
    "ui.staff_hint": (
        "Bu alan yalnızca QNB eFinans tarafından yetkilendirilmiş kişiler içindir.",
        "This field is only for people authorised by QNB eFinans.",
    ),
    "ui.staff_not_configured": (
        "Bu sitede eFinans Personeli tanımlı değil.",
        "No eFinans staff credential is set up for this site.",
    ),
    "ui.staff_refused": ("eFinans Personeli bilgisi kabul edilmedi.", "The eFinans staff credential was refused."),
    "ui.staff_ok": (
        "eFinans Personeli girişi yapıldı: personel işlemleri açıldı.",
        "eFinans staff signed in: staff actions are open.",
    ),
    "ui.force_update": ("Test etmeden GÜNCELLE (personel)", "GÜNCELLE without a test (staff)"),
    "ui.undo_last": ("Son değişikliği geri al (personel)", "Undo the latest change (staff)"),
    "ui.diagnose": ("Teşhis et", "Diagnose"),
    "ui.report": ("HTML rapor", "HTML report"),
    "ui.report_ready": ("Raporu indir (kaydedildi: {path})", "Download the report (saved: {path})"),
    "ui.scenario": ("Senaryo", "Scenario"),
    "ui.reset": ("Hazırla / sıfırla", "Set up / reset"),
    "ui.reset_done": ('"{scenario}" senaryosu hazır.', 'Scenario "{scenario}" is ready.'),
    "ui.not_sandbox": (
        'Bu site bir eğitim senaryosu değil: bir senaryo seçip "Hazırla / sıfırla" deyin.',
        'This site is not a training scenario: choose one and press "Set up / reset".',
    ),
    "ui.grade": ("Kontrol Et", "Kontrol Et (check)"),
    "ui.graded": ("{done} / {total} ayar doğru.", "{done} of {total} settings are right."),
    # which site files the served pages may open (services/sites.py) and `serve` itself
    "sites.outside": (
        "Bu site dosyası açılmadı: {path} izin verilen klasörlerin dışında (izin verilenler: {folders}). Hiçbir şey okunmadı.",
        "This site file was not opened: {path} is outside the allowed folders ({folders}). Nothing was read.",
    ),
    "sites.outside.guidance": (
        "Başka bir klasördeki bir site için sunucuyu `konnektor-kit serve --sites KLASÖR` ile yeniden başlatın.",
        "For a site in another folder, restart the server with `konnektor-kit serve --sites FOLDER`.",
    ),
    "sites.not_toml": (
        "Bu dosya bir site dosyası değil (uzantısı .toml olmalı): {path}. Hiçbir şey okunmadı.",
        "This is not a site file (it must end in .toml): {path}. Nothing was read.",
    ),
    "sites.none_open": (
        "Açık bir site yok: yukarıya izin verilen bir klasördeki bir site dosyasını yazıp açın.",
        "No site is open: type a site file from an allowed folder above and open it.",
    ),
    "serve.ready": (
        "konnektor-kit hazır (site: {site}; sayfaların açabileceği site klasörleri: {folders}). Adresteki anahtar (token) yalnızca bu çalıştırma içindir, paylaşmayın. Durdurmak için Ctrl+C.\n{url}",
        "konnektor-kit is ready (site: {site}; site folders the pages may open: {folders}). The key (token) in the address is for this run only; do not share it. Ctrl+C stops it.\n{url}",
    ),
    "serve.bad_sites": (
        "--sites klasörü bulunamadı: {path}",
        "--sites folder not found: {path}",
    ),
    "serve.bad_port": (
        "--port 1 ile 65535 arasında bir sayı olmalı; yazılan: {port}",
        "--port must be a number from 1 to 65535; got: {port}",
    ),
    "serve.bad_pool_size": (
        "--pool-size 0 ile {most} arasında bir sayı olmalı (sayfa başına önceden başlatılan çekirdek); yazılan: {size}",
        "--pool-size must be a number from 0 to {most} (kernels started ahead per page); got: {size}",
    ),
    "serve.failed": (
        "Voila başlamadı (çıkış kodu {code}); nedeni yukarıdaki çıktıda.",
        "Voila did not start (exit code {code}); the output above says why.",
    ),
    "serve.timeout": (
        "Voila {seconds} saniyede hazır olmadı; durduruldu.",
        "Voila was not ready within {seconds} seconds; it was stopped.",
    ),
    "serve.no_token": (
        'Voila anahtarsız (token olmadan) açılacaktı: bir Jupyter ayarı anahtarı kapatıyor (ör. IdentityProvider.token = ""). Sunucu başlatılmadı.',
        'Voila would have started without a key (token): a Jupyter setting turns it off (e.g. IdentityProvider.token = ""). The server was not started.',
    ),
    "serve.stopped": (
        "konnektor-kit durdu: Voila ve çekirdekleri kapatıldı.",
        "konnektor-kit stopped: Voila and its kernels are closed.",
    ),
    "serve.start": (
        "konnektor-kit açılıyor: {url} (site: {site}). Durdurmak için Ctrl+C.",
        "konnektor-kit is starting: {url} (site: {site}). Ctrl+C stops it.",
    ),
    # JupyterHub for a support centre (konnektor_kit/hub.py, deploy/jupyterhub)
    "sites.outside.guidance.hub": (
        "Site dosyasını kendi site klasörünüze ({folders}) koyun ve oradan açın; başka bir mühendisin siteleri size açılmaz.",
        "Put the site file in your own sites folder ({folders}) and open it from there; another engineer's sites do not open for you.",
    ),
    "plan.chosen": ("mühendisin seçimi: {target}", "chosen by the engineer: {target}"),
    "plan.chosen_other_year": (
        "⚠ mühendisin seçimi, {year} geçiş gününü kapsamayan bir aday (teyit edildi): {target}",
        "⚠ chosen by the engineer, a candidate that does not hold the {year} transition day (confirmed): {target}",
    ),
    "plan.other_year_confirm": (
        "{target} geçiş gününü ({year}) kapsamıyor: {candidate}. Yine de bu aday mı seçilsin? Emin olmak için muhasebe programından kontrol edin.",
        "{target} does not hold the transition day ({year}): {candidate}. Choose it anyway? Check in the accounting program to be sure.",
    ),
    "plan.skipped": (
        "{module} bu geçişte bırakıldı (--skip); ayarı değişmedi",
        "{module} left out of this transition (--skip); its setting is unchanged",
    ),
    "plan.edefter_caution": (
        "Dikkat: {last} yılının kalan e-Defter beratları (Aralık ayınınki aylar sonra yüklenir) eski veri tabanından hazırlanır; taşımadan önce bitirildiklerini ya da müşterinin bunu bildiğini teyit edin, emin değilseniz bu satırı bırakın (--skip e-Defter)",
        "Caution: the remaining e-Defter books of {last} (December's is due months later) are made from last year's database; before moving, confirm they are finished or that the customer knows, otherwise leave this row out (--skip e-Defter)",
    ),
    "col.target": ("Bağlantı", "Connection"),
    "severity.ok": ("uygun", "ok"),
    "severity.warning": ("uyarı", "warning"),
    "severity.error": ("hata", "error"),
    "report.title": ("Konnektör teşhis raporu", "Konnektör diagnosis report"),
    "report.year": ("Hedef yıl", "Target year"),
    "report.summary": (
        "{total} ayar denetlendi, {failed} tanesinde hata var",
        "{total} settings checked, {failed} with errors",
    ),
    "report.servers": ("Sunucular (parolalar gizlendi)", "Servers (passwords hidden)"),
    "staff.prompt": ("eFinans Personeli şifresi (ekranda görünmez): ", "eFinans staff credential (not shown): "),
    "staff.refused": (
        "eFinans Personeli bilgisi kabul edilmedi; yeniden denemek için {seconds} sn bekleyin.",
        "The eFinans staff credential was refused; wait {seconds} s before trying again.",
    ),
    "staff.wait": (
        "Son hatalı denemeden sonraki bekleme sürmekte: {seconds} sn bekleyin; bu sürede denemeler kabul edilmez.",
        "The wait after the last wrong try is still running: wait {seconds} s; tries are refused until then.",
    ),
    "staff.training_only": (
        "Eğitim şifresi yalnızca eğitim sitelerini (sandbox) açar; bu site bir eğitim sitesi değil.",
        "The training credential opens only training sandboxes; this site is not one.",
    ),
    "staff.locked": (
        "Personel işlemleri bu site için açık değil ({site}): giriş başka bir site için yapıldı ya da site değişti; eFinans Personeli girişini yeniden yapın.",
        "Staff actions are not open for this site ({site}): the sign-in was for another site, or the site changed; sign in as eFinans staff again.",
    ),
    "staff.site_changed": (
        "Site değişti: personel işlemleri kapatıldı; bu site için eFinans Personeli girişi yeniden gerekir.",
        "The site changed: staff actions are closed; sign in as eFinans staff again for this site.",
    ),
    "staff.wait_button": ("Bekleyin: {seconds} sn", "Wait: {seconds} s"),
    "staff.empty": ("eFinans Personeli şifresi boş olamaz.", "The eFinans staff credential cannot be empty."),
    "count.table": ("{table} {count}", "{table} {count}"),
    "status.ambiguous": ("belirsiz", "ambiguous"),
    "status.not_found": ("aday yok", "no candidate"),
    "status.mismatch": ("yapı uyuşmuyor", "layout mismatch"),
    "status.error": ("hata", "error"),
    "status.skipped": ("bırakıldı", "left out"),
    "ui.other_year": ("geçiş gününü kapsamıyor, teyit edildi", "does not hold the transition day, confirmed"),
    "ui.choose_anyway": ("Yine de seç", "Choose anyway"),
}


@dataclass(frozen=True)
class Msg:
    """A sentence in both languages; `str()` gives the Turkish one, as the UI does by default."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def get(self, lang: Lang = "tr") -> str:
        templates = MESSAGES[self.key]
        template = templates[1] if lang == "en" else templates[0]
        values = {k: (v.get(lang) if isinstance(v, (Msg, Count)) else v) for k, v in self.params.items()}
        return template.format(**values)

    def __str__(self) -> str:
        return self.get("tr")

    def as_dict(self) -> dict[str, str]:
        return {"tr": self.get("tr"), "en": self.get("en")}


def t(key: str, **params: Any) -> Msg:
    """Build a message; raises KeyError at once for a key that has no words, which tests catch."""
    if key not in MESSAGES:
        raise KeyError(key)
    return Msg(key, params)


def word(key: str, lang: Lang = "tr") -> str:
    return t(key).get(lang)


def kind_word(kind: str, lang: Lang = "tr") -> str:
    """A history entry's kind in words ("yeni yıl geçişi", not `new-year`)."""
    key = f"kind.{kind}"
    return word(key, lang) if key in MESSAGES else kind


def category_word(category: str, lang: Lang = "tr") -> str:
    """A check category in words ("eski yıl", not `wrong_year`), for every face."""
    key = f"category.{category}"
    return word(key, lang) if key in MESSAGES else category


@dataclass(frozen=True)
class Count:
    """A number of rows or documents, grouped the reader's way: "1.240" in Turkish, "1,240" in English."""

    value: int

    def get(self, lang: Lang = "tr") -> str:
        grouped = f"{self.value:,}"
        return grouped.replace(",", ".") if lang == "tr" else grouped


def tr_date(d: date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "—"


class Joined(Msg):
    """Several messages read as one sentence, joined by a separator in both languages."""

    def __init__(self, parts: Sequence[Msg], sep: str = ", ") -> None:
        object.__setattr__(self, "key", "")
        object.__setattr__(self, "params", {"parts": parts, "sep": sep})

    def get(self, lang: Lang = "tr") -> str:
        sep: str = self.params["sep"]
        parts: Sequence[Msg] = self.params["parts"]
        return sep.join(p.get(lang) for p in parts)
