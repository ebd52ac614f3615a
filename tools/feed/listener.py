#!/usr/bin/env python3
"""A change-feed listener over a socket (tools/feed_listener.sh).

LISTENs on isms_change, catches up with isms.events_after() from the last
position it has processed, and drops its connection at random moments: while
waiting, between fetching and processing, and halfway through a position
(whose events it then forgets, as a consumer that crashed would).  It then
reconnects and catches up.  When the file named by --stop exists it catches
up to the latest position and checks what it received:
  - every event of the outbox, each exactly once (none lost, none duplicated);
  - per certificate, in feed order, each event starts where the previous one
    ended (old status and expiry = the previous new ones, from draft), and
    the last one ends at the certificate's stored status and expiry: a
    missed change, or positions out of commit order, break the chain.
Exit status 0 when all holds.
"""
import argparse
import os
import random
import select
import sys
import time

import psycopg2

FETCH = """SELECT seq, event_id, certificate_id, old_status::text, new_status::text,
                  old_expiry, new_expiry, cause
             FROM isms.events_after(%s, %s) ORDER BY seq, event_id"""


class Dropped(Exception):
    pass


class Listener:
    def __init__(self, db, rnd, drop):
        self.db, self.rnd, self.drop = db, rnd, drop
        self.last = 0
        self.got = {}            # event_id -> row
        self.order = []          # event ids in the order processed
        self.duplicates = []
        self.stats = dict(connects=0, drops=0, partial_drops=0, notifications=0, catchups=0)
        self.conn = None

    def maybe_drop(self, p, partial=False):
        if self.rnd.random() < p:
            self.conn.close()
            self.stats["drops"] += 1
            if partial:
                self.stats["partial_drops"] += 1
            raise Dropped()

    def connect(self):
        self.conn = psycopg2.connect(dbname=self.db)
        self.conn.autocommit = True
        self.stats["connects"] += 1
        with self.conn.cursor() as cur:
            # LISTEN first, then catch up: nothing committed in between is missed
            cur.execute("LISTEN isms_change")
        self.catch_up()

    def catch_up(self):
        self.stats["catchups"] += 1
        while True:
            with self.conn.cursor() as cur:
                cur.execute(FETCH, (self.last, self.rnd.choice([1, 3, 20, 200])))
                rows = cur.fetchall()
            if not rows:
                return
            self.maybe_drop(self.drop / 4)          # fetched, not processed
            pos = None
            batch = []
            for r in rows:
                if pos is not None and r[0] != pos:
                    self.commit(pos, batch)
                    batch = []
                pos = r[0]
                batch.append(r)
                self.maybe_drop(self.drop / 20, partial=True)   # halfway through a position
            self.commit(pos, batch)

    def commit(self, pos, batch):
        for r in batch:
            if r[1] in self.got:
                self.duplicates.append(r[1])
            self.got[r[1]] = r
            self.order.append(r[1])
        self.last = pos

    def run(self, stop_file):
        while True:
            try:
                if self.conn is None or self.conn.closed:
                    self.connect()
                while not os.path.exists(stop_file):
                    self.maybe_drop(self.drop)
                    if select.select([self.conn], [], [], 0.05) == ([], [], []):
                        continue
                    self.conn.poll()
                    newest = 0
                    while self.conn.notifies:
                        n = self.conn.notifies.pop(0)
                        self.stats["notifications"] += 1
                        newest = max(newest, int(n.payload))
                    if newest > self.last:
                        self.catch_up()
                # the writers are done: catch up to the end, without drops
                self.drop = 0
                self.catch_up()
                return
            except Dropped:
                time.sleep(self.rnd.random() * 0.05)
            except psycopg2.OperationalError:
                time.sleep(0.05)


def check(listener, db):
    conn = psycopg2.connect(dbname=db)
    cur = conn.cursor()
    problems = []
    cur.execute("SELECT isms.latest_seq()")
    latest = cur.fetchone()[0]
    if listener.last != latest:
        problems.append(f"listener stopped at position {listener.last}, latest is {latest}")
    cur.execute("SELECT e.id FROM isms.change_event e JOIN isms.change_commit c ON c.xid = e.xid")
    outbox = {r[0] for r in cur.fetchall()}
    lost = outbox - set(listener.got)
    extra = set(listener.got) - outbox
    if lost:
        problems.append(f"{len(lost)} events lost, e.g. {sorted(lost)[:5]}")
    if extra:
        problems.append(f"{len(extra)} events received that the outbox does not hold")
    if listener.duplicates:
        problems.append(f"{len(listener.duplicates)} events received twice, e.g. {listener.duplicates[:5]}")
    cur.execute("SELECT id, status::text, expiry_date FROM isms.certificate")
    stored = {r[0]: (r[1], r[2]) for r in cur.fetchall()}
    state = {}
    breaks = []
    for eid in listener.order:
        seq, _, cid, old_st, new_st, old_ex, new_ex, cause = listener.got[eid]
        prev = state.get(cid, ("draft", None))
        if prev != (old_st, old_ex):
            breaks.append(f"certificate {cid}: event {eid} (position {seq}, {cause}) starts at "
                          f"{old_st} {old_ex}, the previous event ended at {prev[0]} {prev[1]}")
        state[cid] = (new_st, new_ex)
    for cid, (st, ex) in stored.items():
        if state.get(cid, ("draft", None)) != (st, ex):
            breaks.append(f"certificate {cid}: the events end at {state.get(cid)}, stored {st} {ex}")
    if breaks:
        problems.append(f"{len(breaks)} breaks in the certificates' chains of events:")
        problems.extend("  " + b for b in breaks[:10])
    cur.execute("SELECT cause, count(*) FROM isms.change_event GROUP BY 1 ORDER BY 1")
    causes = ", ".join(f"{c} {n}" for c, n in cur.fetchall())
    conn.close()
    return problems, latest, causes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--stop", required=True)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--drop", type=float, default=0.03)
    a = ap.parse_args()
    seed = a.seed if a.seed is not None else random.randrange(1 << 30)
    listener = Listener(a.db, random.Random(seed), a.drop)
    listener.run(a.stop)
    problems, latest, causes = check(listener, a.db)
    s = listener.stats
    print(f"listener: {len(listener.got)} events in {latest} positions ({causes}); "
          f"{s['connects']} connections, {s['drops']} drops ({s['partial_drops']} halfway through a position), "
          f"{s['notifications']} notifications, {s['catchups']} catch-ups; seed {seed}")
    for p in problems:
        print("listener: " + p)
    print("listener: " + ("passed" if not problems else "FAILED"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
