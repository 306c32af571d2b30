//! `flow!` compile tests: every `pass` case compiles and runs; every `fail` case is rejected with
//! the diagnostics committed next to it (`.stderr`). Regenerate with `TRYBUILD=overwrite`.

#[test]
fn macro_ui() {
    let _progress = Heartbeat::start();
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}

/// trybuild builds its own project (dependencies included) before it reports anything, which
/// takes minutes on a cold target directory. A line on stderr every 30 s says it is alive;
/// written to the stream directly, so the test harness does not capture it.
struct Heartbeat(std::sync::mpsc::Sender<()>);

impl Heartbeat {
    fn start() -> Self {
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            let started = std::time::Instant::now();
            while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                rx.recv_timeout(std::time::Duration::from_secs(30))
            {
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "macro_ui: trybuild still compiling ({} s)",
                    started.elapsed().as_secs()
                );
            }
        });
        Heartbeat(tx)
    }
}

impl Drop for Heartbeat {
    fn drop(&mut self) {
        let _ = self.0.send(());
    }
}
