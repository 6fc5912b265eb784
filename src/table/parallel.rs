//! Work on the blocks of one file on several threads, results in file order.
//!
//! One thread reads and cuts the file ([`RecordBlocks`]), `threads` workers turn blocks into
//! results, and the calling thread receives them in order. Each worker keeps one state from
//! block to block (the scorer's scratch, whose per-value memos would otherwise start cold
//! at every block). At most `2 x threads + 1` blocks are read and not yet consumed, so memory
//! stays bounded by a few blocks whatever the file's size, even when one worker is slow.

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{channel, sync_channel};
use std::sync::Mutex;
use std::thread;

use super::blocks::{Block, RecordBlocks};

/// Run `work` over every block of `blocks` on `threads` threads and hand each result to
/// `each`, in block order. Each thread makes its state with `init` once and passes it to
/// `work` with every block it takes. The first error (reading, or from `each`) stops
/// everything and is returned; `each` sees no result after it.
pub fn map_blocks<R, S, T, E, I, W, C>(
    blocks: RecordBlocks<R>,
    threads: usize,
    init: I,
    work: W,
    mut each: C,
) -> Result<(), E>
where
    R: Read + Send,
    T: Send,
    E: From<io::Error> + Send,
    I: Fn() -> S + Sync,
    W: Fn(&mut S, Block) -> T + Sync,
    C: FnMut(T) -> Result<(), E>,
{
    let threads = threads.max(1);
    let in_flight = 2 * threads + 1;
    let (job_tx, job_rx) = sync_channel::<Block>(threads);
    let jobs = Mutex::new(job_rx);
    let (init, work) = (&init, &work);
    thread::scope(|scope| {
        // The reader takes a ticket per block and the consumer gives it back: backpressure.
        // Dropping the consumer's end (on return) stops the reader, which closes the jobs.
        let (ticket_tx, ticket_rx) = sync_channel::<()>(in_flight);
        for _ in 0..in_flight {
            let _ = ticket_tx.send(());
        }
        let (done_tx, done_rx) = channel::<io::Result<(usize, T)>>();
        let reader_done = done_tx.clone();
        scope.spawn(move || {
            for block in blocks {
                if ticket_rx.recv().is_err() {
                    return;
                }
                match block {
                    Ok(block) => {
                        if job_tx.send(block).is_err() {
                            return;
                        }
                    }
                    Err(e) => {
                        let _ = reader_done.send(Err(e));
                        return;
                    }
                }
            }
        });
        for _ in 0..threads {
            let done = done_tx.clone();
            let jobs = &jobs;
            scope.spawn(move || {
                let mut state = init();
                let mut stopped = false;
                loop {
                    // The lock is held only while waiting for a block, not while working.
                    let job = match jobs.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(block) = job else { return };
                    // Once the consumer has stopped, drain the queue so the reader can see it.
                    if stopped {
                        continue;
                    }
                    let index = block.index;
                    let result = panic::catch_unwind(AssertUnwindSafe(|| work(&mut state, block)))
                        .map(|r| (index, r))
                        .map_err(|_| io::Error::other(format!("scoring block {index} failed")));
                    stopped = done.send(result).is_err();
                }
            });
        }
        drop(done_tx);
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for message in done_rx.iter() {
            let (index, result) = message?;
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&next) {
                each(result)?;
                next += 1;
                let _ = ticket_tx.send(());
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_file_order_whatever_the_threads() {
        let mut text = String::from("n\n");
        for i in 0..200_000 {
            text.push_str(&format!("{i}\n"));
        }
        for threads in [1, 3] {
            let blocks = RecordBlocks::new(text.as_bytes(), 1).unwrap();
            let mut seen = Vec::new();
            // Each thread's state counts the blocks that thread has worked on.
            map_blocks::<_, _, _, io::Error, _, _, _>(
                blocks,
                threads,
                || 0,
                |taken: &mut usize, b| {
                    *taken += 1;
                    (b.index, b.bytes.len(), *taken)
                },
                |r| {
                    seen.push(r);
                    Ok(())
                },
            )
            .unwrap();
            assert!(seen.len() > 10);
            assert!(seen.iter().enumerate().all(|(i, &(index, ..))| i == index));
            assert_eq!(seen.iter().map(|r| r.1).sum::<usize>(), text.len());
            if threads == 1 {
                // One thread, one state, kept from block to block.
                assert!(seen.iter().all(|&(index, _, taken)| taken == index + 1));
            }
        }
    }

    #[test]
    fn an_error_from_the_consumer_stops_the_run() {
        let text = "n\n".to_string() + &"1\n".repeat(200_000);
        let blocks = RecordBlocks::new(text.as_bytes(), 1).unwrap();
        let mut calls = 0;
        let result = map_blocks(
            blocks,
            2,
            || (),
            |_, b| b.index,
            |_| {
                calls += 1;
                Err(io::Error::other("disk full"))
            },
        );
        assert_eq!(result.unwrap_err().to_string(), "disk full");
        assert_eq!(calls, 1);
    }
}
