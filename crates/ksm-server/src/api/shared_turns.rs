//! Runs the same kind of database work for concurrent requests as one batch, so that a busy
//! server pays the database's per-statement costs (a round trip, a transaction, a commit) once
//! per batch instead of once per request. Nothing waits on purpose: a request arriving while no
//! batch runs starts one of its own at once; requests arriving while one runs wait for it to
//! end, and the first of them then runs everything that has gathered meanwhile (at most
//! `MAX_BATCH`). Each request still gets its own answer, and returns once its batch is done.
//!
//! The request that runs a batch ("leads") does so on its own thread with its own connection;
//! the others sleep until their answer comes. A batch that fails or panics answers every one of
//! its requests with the error, and the next batch still runs.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

/// The most requests one batch runs; more wait for the next.
pub const MAX_BATCH: usize = 256;

pub struct SharedTurns<Q, A> {
    queue: Mutex<Queue<Q, A>>,
}

struct Queue<Q, A> {
    waiting: Vec<(Q, Arc<Slot<A>>)>,
    /// A batch runs, or its leader is chosen and about to take the waiting requests.
    leading: bool,
}

/// Where a waiting request learns what to do next.
struct Slot<A> {
    turn: Mutex<Option<Turn<A>>>,
    ready: Condvar,
}

enum Turn<A> {
    /// Run the next batch.
    Lead,
    /// This request's answer, or the batch's error as text.
    Done(Result<A, String>),
}

impl<Q, A> Default for SharedTurns<Q, A> {
    fn default() -> Self {
        Self { queue: Mutex::new(Queue { waiting: Vec::new(), leading: false }) }
    }
}

impl<Q, A> SharedTurns<Q, A> {
    /// `request`'s answer, from the batch it joins. If this call leads that batch, it runs
    /// `work` on the batch's requests (this one first), which answers them in the same order.
    pub fn run(&self, request: Q, work: impl FnOnce(Vec<Q>) -> anyhow::Result<Vec<A>>) -> anyhow::Result<A> {
        let slot = Arc::new(Slot { turn: Mutex::new(None), ready: Condvar::new() });
        let leads_now = {
            let mut queue = self.lock();
            queue.waiting.push((request, Arc::clone(&slot)));
            !std::mem::replace(&mut queue.leading, true)
        };
        if !leads_now {
            match slot.wait() {
                Turn::Done(answer) => return answer.map_err(anyhow::Error::msg),
                Turn::Lead => {}
            }
        }
        self.lead(work)
    }

    /// Runs one batch: the leader's own request is always the first waiting one (a batch starts
    /// only when none waits, or the previous leader hands over to the first waiting).
    fn lead(&self, work: impl FnOnce(Vec<Q>) -> anyhow::Result<Vec<A>>) -> anyhow::Result<A> {
        let (requests, slots): (Vec<Q>, Vec<Arc<Slot<A>>>) = {
            let mut queue = self.lock();
            let count = queue.waiting.len().min(MAX_BATCH);
            queue.waiting.drain(..count).unzip()
        };
        let count = requests.len();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(requests)))
            .unwrap_or_else(|_| Err(anyhow::anyhow!("a batch of request admissions panicked")))
            .and_then(|answers| {
                anyhow::ensure!(answers.len() == count, "a batch answered {} of {count} requests", answers.len());
                Ok(answers)
            });
        self.hand_over();
        match outcome {
            Ok(answers) => {
                let mut answers = answers.into_iter();
                let own = answers.next();
                for (slot, answer) in slots.iter().skip(1).zip(answers) {
                    slot.give(Turn::Done(Ok(answer)));
                }
                own.ok_or_else(|| anyhow::anyhow!("a batch answered no request"))
            }
            Err(error) => {
                let text = format!("{error:#}");
                for slot in slots.iter().skip(1) {
                    slot.give(Turn::Done(Err(text.clone())));
                }
                Err(error)
            }
        }
    }

    /// Lets the first waiting request lead the next batch, or notes that none runs.
    fn hand_over(&self) {
        let mut queue = self.lock();
        match queue.waiting.first() {
            Some((_, next)) => next.give(Turn::Lead),
            None => queue.leading = false,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Queue<Q, A>> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<A> Slot<A> {
    fn give(&self, turn: Turn<A>) {
        *self.turn.lock().unwrap_or_else(PoisonError::into_inner) = Some(turn);
        self.ready.notify_one();
    }

    fn wait(&self) -> Turn<A> {
        let mut turn = self.turn.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(given) = turn.take() {
                return given;
            }
            turn = self.ready.wait(turn).unwrap_or_else(PoisonError::into_inner);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;
    use std::time::Duration;

    #[test]
    fn a_lone_request_runs_at_once_in_a_batch_of_its_own() {
        let turns = SharedTurns::default();
        let answer = turns.run(7, |batch| Ok(batch.iter().map(|n| n * 10).collect())).unwrap();
        assert_eq!(answer, 70);
        assert!(!turns.lock().leading && turns.lock().waiting.is_empty());
    }

    /// While one batch runs, the requests that arrive gather into the next, and each gets the
    /// answer to its own request.
    #[test]
    fn requests_arriving_during_a_batch_share_the_next_and_get_their_own_answers() {
        let turns = Arc::new(SharedTurns::default());
        let batches = Arc::new(Mutex::new(Vec::new()));
        let (started, release) = (Arc::new(Barrier::new(2)), Arc::new(Barrier::new(2)));
        let first = {
            let (turns, batches, started, release) = (turns.clone(), batches.clone(), started.clone(), release.clone());
            std::thread::spawn(move || {
                turns.run(0, |batch: Vec<u32>| {
                    batches.lock().unwrap().push(batch.clone());
                    started.wait();
                    release.wait();
                    Ok(batch.iter().map(|n| n * 10).collect())
                })
            })
        };
        started.wait();
        let others: Vec<_> = (1..=5)
            .map(|n| {
                let (turns, batches) = (turns.clone(), batches.clone());
                std::thread::spawn(move || {
                    turns.run(n, |batch: Vec<u32>| {
                        batches.lock().unwrap().push(batch.clone());
                        Ok(batch.iter().map(|n| n * 10).collect())
                    })
                })
            })
            .collect();
        while turns.lock().waiting.len() < 5 {
            std::thread::sleep(Duration::from_millis(1));
        }
        release.wait();
        assert_eq!(first.join().unwrap().unwrap(), 0);
        for (n, other) in (1..=5).zip(others) {
            assert_eq!(other.join().unwrap().unwrap(), n * 10);
        }
        let batches = batches.lock().unwrap();
        assert_eq!(batches.len(), 2, "one batch ran while the others gathered: {batches:?}");
        assert_eq!(batches[1].len(), 5);
        assert!(!turns.lock().leading);
    }

    /// A failed or panicking batch answers all its requests with the error; later ones run.
    #[test]
    fn a_failing_batch_answers_each_of_its_requests_with_the_error_and_the_next_runs() {
        let turns = Arc::new(SharedTurns::<u32, u32>::default());
        let error = turns.run(1, |_| anyhow::bail!("database unreachable")).unwrap_err();
        assert_eq!(error.to_string(), "database unreachable");
        let error = turns.run(2, |_| panic!("a bug")).unwrap_err();
        assert!(error.to_string().contains("panicked"), "{error}");
        let error = turns.run(3, |_| Ok(vec![])).unwrap_err();
        assert!(error.to_string().contains("0 of 1"), "{error}");

        let threads: Vec<_> = (0..32)
            .map(|n| {
                let turns = turns.clone();
                std::thread::spawn(move || {
                    turns.run(n, |batch| {
                        std::thread::sleep(Duration::from_millis(2));
                        anyhow::ensure!(!batch.contains(&13), "batch of 13");
                        Ok(batch)
                    })
                })
            })
            .collect();
        let answers: Vec<_> = threads.into_iter().map(|thread| thread.join().unwrap()).collect();
        assert_eq!(answers[13].as_ref().unwrap_err().to_string(), "batch of 13", "a follower gets the error");
        let answered = answers.iter().filter_map(|answer| answer.as_ref().ok()).count();
        assert!(answered > 0 && answered < 32);
        for (n, answer) in answers.iter().enumerate() {
            if let Ok(value) = answer {
                assert_eq!(*value as usize, n);
            }
        }
        assert_eq!(turns.run(40, Ok).unwrap(), 40, "still serving");
    }
}
