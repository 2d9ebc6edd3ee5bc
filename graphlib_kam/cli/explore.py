"""``kam explore``: start the Streamlit explorer on a map, a folder or a Neo4j store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from graphlib_kam.errors import InputError, NotFoundError
from graphlib_kam.explorer.access import load_access
from graphlib_kam.explorer.signin import OPEN_FLAG, check_listening, find_secrets, read_auth
from graphlib_kam.explorer.sources import explorer_app_path
from graphlib_kam.store import load_map

# The server settings of .streamlit/config.toml, given on the command line as well
# because streamlit reads that file from the working folder only.
SERVER_OPTIONS = (
    "--server.maxUploadSize", "20",
    "--server.enableXsrfProtection", "true",
    "--server.headless", "true",
    "--browser.gatherUsageStats", "false",
    # Not in config.toml (a developer running `streamlit run app.py` wants reloads): the
    # installed explorer must not re-import graphlib_kam modules while it runs, or maps
    # loaded before an upgrade or an edit fail isinstance checks in the new modules.
    "--server.fileWatcherType", "none",
)


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "explore", help="open the explorer (Streamlit) on a map, a folder or a store",
        description="Start the explorer in the browser. MAP opens one account; FOLDER opens "
                    "a portfolio of maps; with neither, the bundled examples open.",
    )
    p.add_argument("target", metavar="MAP|FOLDER", nargs="?",
                   help="an account map file or a folder of them (default: the examples)")
    p.add_argument("--port", type=int, default=8501, help="port to serve on (default 8501)")
    p.add_argument("--address", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1, this machine only; "
                        "0.0.0.0 shares the explorer with your network)")
    team = p.add_argument_group("team deployment (see docs/explorer.md)")
    team.add_argument("--access", metavar="FILE",
                      help="sign people in (Streamlit's st.login, [auth] in secrets.toml) and "
                           "give them the roles this TOML file names: viewer, editor or admin "
                           "per account or for all")
    team.add_argument("--secrets", metavar="PATH",
                      help="the secrets.toml holding [auth], or its folder (default: where "
                           "Streamlit looks: ./.streamlit/ and ~/.streamlit/)")
    team.add_argument(OPEN_FLAG, dest="open_ok", action="store_true",
                      help="listen beyond this machine (--address) without sign-in: anyone "
                           "who reaches the port reads and edits every account")
    group = p.add_argument_group("store (instead of MAP|FOLDER)")
    group.add_argument("--store", choices=["neo4j"], help="open the accounts of a Neo4j store")
    group.add_argument("--account", metavar="ID", help="account to open first")
    group.add_argument("--uri", help="Neo4j URI (default: $KAM_NEO4J_URI)")
    group.add_argument("--user", help="Neo4j user (default: $KAM_NEO4J_USER or neo4j); "
                                      "the password is read from $KAM_NEO4J_PASSWORD only")
    group.add_argument("--database", help="Neo4j database (default: the server's default)")
    p.set_defaults(handler=cmd_explore)


def streamlit_command(args) -> list[str]:
    """The command line that runs the explorer for ``args`` (parsed ``kam explore``).

    Raises
    ------
    NotFoundError
        A MAP or FOLDER that does not exist, or no app.py to run.
    InputError
        A bad combination of options.
    """
    if not 0 < args.port < 65536:
        raise InputError(f"--port {args.port}: expected a port number from 1 to 65535")
    app_args: list[str] = []
    if args.store == "neo4j":
        if args.target:
            raise InputError("give either MAP|FOLDER or --store neo4j, not both")
        app_args += ["--store", "neo4j"]
        for option in ("uri", "user", "database"):
            value = getattr(args, option)
            if value:
                app_args += [f"--{option}", value]
    elif args.target:
        target = Path(args.target).resolve()
        if target.is_dir():
            app_args += ["--folder", str(target)]
        elif target.is_file():
            load_map(args.target)  # a CSV or a broken map: one line and exit 2, no server
            app_args += ["--map", str(target)]
        else:
            raise NotFoundError(f"{args.target}: no such map file or folder")
    if args.account:
        app_args += ["--account", args.account]
    secrets = team_options(args)
    if args.access:
        app_args += ["--access", str(Path(args.access).resolve())]
    command = [sys.executable, "-m", "streamlit", "run", str(explorer_app_path()),
               "--server.port", str(args.port), *SERVER_OPTIONS]
    for path in secrets:
        command += ["--secrets.files", str(path)]
    if args.address:
        command += ["--server.address", args.address]
    return command + ["--", *app_args]


def team_options(args) -> list[Path]:
    """Check ``--access``, ``--secrets`` and the listening address; the secrets files that
    hold the sign-in settings (none without ``--access``).

    Raises
    ------
    InputError
        A bad access or secrets file, ``--secrets`` without ``--access``, or an address
        beyond loopback without sign-in and without ``--i-know-this-is-open``.
    """
    if args.secrets and not args.access:
        raise InputError("--secrets configures sign-in, which needs --access FILE naming "
                         "who may see and edit which account")
    secrets: list[Path] = []
    if args.access:
        load_access(args.access)
        secrets = find_secrets(args.secrets)
        read_auth(secrets)
    check_listening(args.address, sign_in=bool(args.access), open_ok=args.open_ok)
    return secrets


def cmd_explore(args) -> int:
    command = streamlit_command(args)
    if args.store == "neo4j":
        # Exit 2 without a URI and 3 for a server that cannot be reached, as every other
        # command does, rather than starting an explorer that can only show the error.
        from graphlib_kam.cli.store_args import open_store_from_args

        with open_store_from_args(args):
            pass
    print(f"kam: starting the explorer on http://localhost:{args.port} (Ctrl+C stops it)",
          file=sys.stderr)
    sys.stderr.flush()
    folder = str(explorer_app_path().parent)
    if os.name == "posix":
        # Become the server, so that signals (Ctrl+C, a service manager's SIGTERM) reach
        # it directly and no orphaned server outlives `kam explore`.
        os.chdir(folder)
        os.execv(command[0], command)
    try:
        return subprocess.call(command, cwd=folder)
    except KeyboardInterrupt:
        return 0
