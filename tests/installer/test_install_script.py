"""``installer/install.sh`` into a scratch root: the files, their modes, the enabled units,
what it would run, and nothing run on this machine; a second run changes nothing."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.installer.scratch_install import (
    UNIT_DIR,
    ScratchInstall,
    run_script,
    scratch_install,
    tree,
)

ROLES = ["server", "kiosk", "display"]
UNITS = {
    "server": {
        "antrean-server.service": "multi-user.target",
        "antrean-backup.timer": "timers.target",
    },
    "kiosk": {"antrean-kiosk.service": "graphical.target"},
    "display": {"antrean-display.service": "graphical.target"},
}
CONFIG = {"server": "office", "kiosk": "kiosk", "display": "display"}


def wanted_by(install: ScratchInstall, unit: str) -> str:
    text = install.path(f"/{UNIT_DIR}/{unit}").read_text(encoding="utf-8")
    found = re.search(r"^WantedBy=(\S+)$", text, re.MULTILINE)
    assert found, unit
    return found.group(1)


@pytest.mark.parametrize("role", ROLES)
def test_install_into_root_runs_nothing_on_this_machine(role: str, tmp_path: Path) -> None:
    install = scratch_install(role, tmp_path)

    assert install.called == []
    commands = [line.split()[0] for line in install.would_run()]
    assert {"apt-get", "systemd-sysusers", "systemd-tmpfiles", "systemctl"} <= set(commands)
    assert any(line.startswith("python3 -m venv /opt/antrean") for line in install.would_run())


@pytest.mark.parametrize("role", ROLES)
def test_install_into_root_writes_private_folders_and_configs(role: str, tmp_path: Path) -> None:
    install = scratch_install(role, tmp_path)

    assert install.mode("/usr/local/bin/antrean") == 0o755
    assert install.mode("/etc/antrean") == 0o750
    assert install.mode("/var/lib/antrean") == 0o700
    assert install.mode(f"/etc/antrean/{CONFIG[role]}.toml") == 0o640
    for unit in UNITS[role]:
        assert install.mode(f"/{UNIT_DIR}/{unit}") == 0o644
    if role == "server":
        assert install.mode("/var/backups/antrean") == 0o700
    else:
        assert install.mode(f"/var/lib/antrean/{role}") == 0o700
    tmpfiles = install.path("/etc/tmpfiles.d/antrean.conf").read_text(encoding="utf-8")
    assert "d /var/lib/antrean 0700 antrean antrean -" in tmpfiles
    assert f"z /etc/antrean/{CONFIG[role]}.toml 0640 root antrean -" in tmpfiles


@pytest.mark.parametrize("role", ROLES)
def test_install_into_root_enables_units_for_their_targets(role: str, tmp_path: Path) -> None:
    install = scratch_install(role, tmp_path)

    for unit, target in UNITS[role].items():
        assert wanted_by(install, unit) == target
        link = install.path(f"/{UNIT_DIR}/{target}.wants/{unit}")
        assert link.readlink() == Path(f"/{UNIT_DIR}/{unit}")
    enabled = {p.name for p in install.path(f"/{UNIT_DIR}").glob("*.wants/*")}
    assert enabled == set(UNITS[role])


@pytest.mark.parametrize("role", ["kiosk", "display"])
def test_install_screen_boots_to_cage_with_no_console_to_switch_to(
    role: str, tmp_path: Path
) -> None:
    install = scratch_install(role, tmp_path, "--rotate", "270")

    units = install.path(f"/{UNIT_DIR}")
    assert (units / "default.target").readlink() == Path("/lib/systemd/system/graphical.target")
    assert (units / "getty@tty1.service").readlink() == Path("/dev/null")
    assert (units / "ctrl-alt-del.target").readlink() == Path("/dev/null")
    logind = install.path("/etc/systemd/logind.conf.d/antrean-appliance.conf")
    assert "NAutoVTs=0" in logind.read_text(encoding="utf-8")
    sysctl = install.path("/etc/sysctl.d/60-antrean-appliance.conf")
    assert "kernel.sysrq = 0" in sysctl.read_text(encoding="utf-8")
    assert install.path("/etc/udev/rules.d/60-antrean-devices.rules").is_file()
    env = install.path(f"/etc/antrean/{role}.env")
    assert env.read_text(encoding="utf-8") == "CAGE_OPTIONS=-r -r -r\n"
    assert install.mode(f"/etc/antrean/{role}.env") == 0o640
    unit = install.path(f"/{UNIT_DIR}/antrean-{role}.service").read_text(encoding="utf-8")
    assert (
        "ExecStart=/opt/antrean/bin/antrean supervise -- /usr/bin/cage -d $CAGE_OPTIONS -- "
        f"/opt/antrean/bin/antrean {role} --config /etc/antrean/{role}.toml"
    ) in unit


def test_install_kiosk_user_may_use_serial_devices_and_printers(tmp_path: Path) -> None:
    install = scratch_install("kiosk", tmp_path)

    users = install.path("/etc/sysusers.d/antrean.conf").read_text(encoding="utf-8").splitlines()
    assert 'u antrean - "Antrean" /var/lib/antrean /usr/sbin/nologin' in users
    assert {"m antrean dialout", "m antrean lp"} <= set(users)


def test_install_server_passes_tls_names_and_keeps_backups_as_asked(tmp_path: Path) -> None:
    install = scratch_install(
        "server",
        tmp_path,
        "--keep-backups",
        "30",
        "--tls-name",
        "antrean.kanim.local",
        "--tls-address",
        "10.0.0.2",
    )

    tls = [line for line in install.would_run() if " tls init " in line]
    assert tls == [
        "runuser -u antrean -- env ANTREAN_DATA_DIR=/var/lib/antrean /opt/antrean/bin/antrean "
        "tls init --config /etc/antrean/office.toml --name antrean.kanim.local --address 10.0.0.2"
    ]
    assert install.path("/etc/antrean/backup.env").read_text(encoding="utf-8") == (
        "ANTREAN_BACKUP_KEEP=30\n"
    )


def test_install_twice_changes_nothing_and_keeps_the_offices_own_file(tmp_path: Path) -> None:
    first = scratch_install("server", tmp_path, "--keep-backups", "30")
    office = first.path("/etc/antrean/office.toml")
    office.write_text(office.read_text(encoding="utf-8") + "# our office\n", encoding="utf-8")
    (first.path("/var/lib/antrean/tls")).mkdir()
    first.path("/var/lib/antrean/tls/server.pem").write_text("made by tls init", encoding="utf-8")
    before = tree(first.root)

    again = scratch_install("server", tmp_path)

    assert tree(again.root) == before
    assert "keeping /etc/antrean/office.toml" in again.stdout
    assert not [line for line in again.would_run() if " tls init " in line]


def test_install_display_config_uses_the_packaged_voice_clips(tmp_path: Path) -> None:
    install = scratch_install("display", tmp_path)

    text = install.path("/etc/antrean/display.toml").read_text(encoding="utf-8")
    assert not re.search(r"^voice_dir", text, re.MULTILINE)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "Usage: installer/install.sh"),
        (["desktop", "--root", "ROOT"], "the first word is the role"),
        (["kiosk", "--root", "ROOT", "--rotate", "45"], "--rotate 45: give 0, 90, 180 or 270"),
        (["server", "--root", "ROOT", "--keep-backups", "0"], "--keep-backups 0: give a whole"),
        (["kiosk", "--root", "ROOT", "--tls-name", "x"], "--tls-* are for the server"),
        (["server", "--root", "ROOT", "--enrol", "C"], "--enrol are for a kiosk or a display"),
        (["kiosk", "--root", "ROOT", "--rotate"], "--rotate needs a value"),
        (["kiosk", "--root", "ROOT", "--wheel", "none.whl"], "--wheel: no file"),
    ],
)
def test_install_with_wrong_options_says_what_is_wrong(
    arguments: list[str], message: str, tmp_path: Path
) -> None:
    root = tmp_path / "root"

    done = run_script([str(root) if word == "ROOT" else word for word in arguments], tmp_path)

    assert done.returncode == 2
    assert message in done.stderr
    assert not root.exists()
    assert (tmp_path / "called.log").read_text(encoding="utf-8") == ""


@pytest.mark.parametrize("role", ROLES)
def test_install_users_and_folders_apply_in_a_scratch_system(role: str, tmp_path: Path) -> None:
    """The sysusers.d and tmpfiles.d files are applied as systemd applies them, to a copy of
    this machine's user database under a scratch root."""
    if shutil.which("systemd-sysusers") is None or shutil.which("systemd-tmpfiles") is None:
        pytest.skip("systemd-sysusers and systemd-tmpfiles come with Debian's systemd package")
    install = scratch_install(role, tmp_path)
    system = tmp_path / "system"
    (system / "etc").mkdir(parents=True)
    for name in ("passwd", "group", "shadow", "gshadow"):
        shutil.copy(f"/etc/{name}", system / "etc" / name)

    users = install.path("/etc/sysusers.d/antrean.conf")
    folders = install.path("/etc/tmpfiles.d/antrean.conf")
    for command in (
        ["systemd-sysusers", "--root", str(system), str(users)],
        ["systemd-tmpfiles", "--root", str(system), "--create", str(folders)],
    ):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr

    passwd = (system / "etc/passwd").read_text(encoding="utf-8")
    uid = re.search(r"^antrean:x:(\d+):(\d+):", passwd, re.MULTILINE)
    assert uid
    data = (system / "var/lib/antrean").stat()
    assert (data.st_uid, data.st_gid) == (int(uid.group(1)), int(uid.group(2)))
    assert data.st_mode & 0o777 == 0o700
