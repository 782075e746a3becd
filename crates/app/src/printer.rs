//! Who lays out PDFs. The app crate does not link the PDF engine (Typst is most of a release
//! binary): each program installs a printer once at start. The command line prints in its own
//! process; the window starts the command line's print worker on its first PDF and keeps it,
//! so Typst is neither in the window's binary nor in its start-up.
//!
//! The worker protocol, over the worker's stdin and stdout: a request is a job as JSON behind
//! its length (8 bytes, little-endian); an answer is one byte (0 a PDF, 1 a preview as JSON,
//! 2 an error as JSON) and the payload behind its length. Plan data goes through the pipe only,
//! never through arguments or the environment.

use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Mutex, OnceLock};

use keyplan_formats::plan::print::{PrintError, PrintJob, Printed};

/// A function that makes what a job asks for.
pub type PrintFn = dyn Fn(&PrintJob) -> Result<Printed, PrintError> + Send + Sync;

static PRINTER: OnceLock<Box<PrintFn>> = OnceLock::new();

/// Sets how this program prints; the first call wins (later ones return false).
pub fn install(printer: Box<PrintFn>) -> bool {
    PRINTER.set(printer).is_ok()
}

/// Runs a job on the installed printer.
pub(crate) fn print(job: &PrintJob) -> Result<Printed, PrintError> {
    match PRINTER.get() {
        Some(p) => p(job),
        None => Err(PrintError::Unavailable {
            why: "this program was built without the PDF engine".into(),
        }),
    }
}

/// A request or an answer larger than this is a broken pipe, not a plan (a combined PDF of 100
/// plans is a few MB).
const MAX_FRAME: u64 = 1 << 30;

const PDF: u8 = 0;
const PREVIEW: u8 = 1;
const ERROR: u8 = 2;

fn read_frame(r: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut len = [0u8; 8];
    r.read_exact(&mut len)?;
    let len = u64::from_le_bytes(len);
    if len > MAX_FRAME {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "a frame past its limit"));
    }
    let mut buf = Vec::new();
    r.take(len).read_to_end(&mut buf)?;
    if buf.len() as u64 != len {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(buf)
}

fn write_frame(w: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    w.write_all(&(bytes.len() as u64).to_le_bytes())?;
    w.write_all(bytes)
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Preview {
    svg: String,
    pages: usize,
}

/// The worker's side: answers each job read from `input` on `output`, until `input` ends (the
/// window closed its end, or exited).
pub fn serve(printer: &PrintFn, input: &mut impl Read, output: &mut impl Write) -> io::Result<()> {
    loop {
        let request = match read_frame(input) {
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            other => other?,
        };
        let answer = serde_json::from_slice::<PrintJob>(&request)
            .map_err(|e| PrintError::Layout { why: format!("an unreadable job: {e}") })
            .and_then(|job| printer(&job));
        let (tag, payload) = match answer {
            Ok(Printed::Pdf(bytes)) => (PDF, bytes),
            Ok(Printed::Preview { svg, pages }) => {
                (PREVIEW, serde_json::to_vec(&Preview { svg, pages }).map_err(io::Error::other)?)
            }
            Err(e) => (ERROR, serde_json::to_vec(&e).map_err(io::Error::other)?),
        };
        output.write_all(&[tag])?;
        write_frame(output, &payload)?;
        output.flush()?;
    }
}

/// A running worker: its pipes.
struct Running {
    child: Child,
    input: BufWriter<ChildStdin>,
    output: BufReader<ChildStdout>,
}

impl Drop for Running {
    fn drop(&mut self) {
        // Closing its stdin ends it; waiting reaps it.
        let _ = self.input.flush();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The window's printer: `program args…`, started on the first job and kept for the next.
pub struct Worker {
    program: PathBuf,
    args: Vec<String>,
    running: Mutex<Option<Running>>,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker").field("program", &self.program).finish_non_exhaustive()
    }
}

impl Worker {
    pub fn new(program: &Path, args: &[&str]) -> Worker {
        Worker {
            program: program.to_path_buf(),
            args: args.iter().map(|a| (*a).to_string()).collect(),
            running: Mutex::new(None),
        }
    }

    fn start(&self) -> Result<Running, PrintError> {
        let mut child = Command::new(&self.program)
            .args(&self.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| PrintError::Unavailable {
                why: format!(
                    "the PDF engine cannot be started: {}. It is the keyplan command, \
                     installed beside the app",
                    crate::AppError::io(&self.program, e)
                ),
            })?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            return Err(PrintError::Unavailable { why: "the PDF engine has no pipes".into() });
        };
        Ok(Running { child, input: BufWriter::new(input), output: BufReader::new(output) })
    }

    fn exchange(running: &mut Running, request: &[u8]) -> io::Result<(u8, Vec<u8>)> {
        write_frame(&mut running.input, request)?;
        running.input.flush()?;
        let mut tag = [0u8; 1];
        running.output.read_exact(&mut tag)?;
        Ok((tag[0], read_frame(&mut running.output)?))
    }

    /// Runs a job in the worker, starting it first if it is not running (or stopped since).
    pub fn print(&self, job: &PrintJob) -> Result<Printed, PrintError> {
        let request = serde_json::to_vec(job)
            .map_err(|e| PrintError::Layout { why: format!("the job: {e}") })?;
        let mut slot = self.running.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // One more try with a new worker if the kept one has stopped (killed, crashed).
        let mut tries = 0;
        let (tag, payload) = loop {
            if slot.is_none() {
                *slot = Some(self.start()?);
            }
            let Some(running) = slot.as_mut() else { continue };
            match Worker::exchange(running, &request) {
                Ok(answer) => break answer,
                Err(e) => {
                    *slot = None;
                    tries += 1;
                    if tries == 2 {
                        return Err(PrintError::Unavailable {
                            why: format!("the PDF engine stopped: {e}"),
                        });
                    }
                }
            }
        };
        let broken = |e: serde_json::Error| PrintError::Unavailable {
            why: format!("the PDF engine answered nonsense: {e}"),
        };
        match tag {
            PDF => Ok(Printed::Pdf(payload)),
            PREVIEW => {
                let p: Preview = serde_json::from_slice(&payload).map_err(broken)?;
                Ok(Printed::Preview { svg: p.svg, pages: p.pages })
            }
            ERROR => Err(serde_json::from_slice(&payload).map_err(broken)?),
            other => Err(PrintError::Unavailable {
                why: format!("the PDF engine answered with an unknown kind ({other})"),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyplan_formats::plan::print::Output;

    fn job(output: Output) -> PrintJob {
        PrintJob { title: "t".into(), output, data: serde_json::json!({}), text: "x".into() }
    }

    fn fake(job: &PrintJob) -> Result<Printed, PrintError> {
        match (job.output, job.title.as_str()) {
            (_, "refuse") => Err(PrintError::NoFont { chars: "𝄞".into() }),
            (Output::Pdf, _) => Ok(Printed::Pdf(b"%PDF-1.7 fake".to_vec())),
            (Output::Preview, _) => Ok(Printed::Preview { svg: "<svg/>".into(), pages: 3 }),
        }
    }

    /// The worker's answers, read back as the window reads them.
    #[test]
    fn jobs_and_answers_cross_the_pipe_whole() {
        let mut requests = Vec::new();
        let mut refused = job(Output::Pdf);
        refused.title = "refuse".into();
        for j in [job(Output::Pdf), job(Output::Preview), refused] {
            write_frame(&mut requests, &serde_json::to_vec(&j).unwrap()).unwrap();
        }
        let mut answers = Vec::new();
        serve(&fake, &mut requests.as_slice(), &mut answers).unwrap();
        let mut r = answers.as_slice();
        let mut next = || {
            let mut tag = [0u8; 1];
            r.read_exact(&mut tag).unwrap();
            (tag[0], read_frame(&mut r).unwrap())
        };
        assert_eq!(next(), (PDF, b"%PDF-1.7 fake".to_vec()));
        let (tag, p) = next();
        assert_eq!(tag, PREVIEW);
        let p: Preview = serde_json::from_slice(&p).unwrap();
        assert_eq!((p.svg.as_str(), p.pages), ("<svg/>", 3));
        let (tag, e) = next();
        assert_eq!(tag, ERROR);
        let e: PrintError = serde_json::from_slice(&e).unwrap();
        assert_eq!(e, PrintError::NoFont { chars: "𝄞".into() });
    }

    #[test]
    fn a_frame_past_its_limit_or_cut_short_is_refused() {
        let mut huge = (MAX_FRAME + 1).to_le_bytes().to_vec();
        huge.extend_from_slice(b"{}");
        assert!(read_frame(&mut huge.as_slice()).is_err());
        let mut short = 10u64.to_le_bytes().to_vec();
        short.extend_from_slice(b"{}");
        assert!(read_frame(&mut short.as_slice()).is_err());
    }

    #[test]
    fn a_missing_worker_is_said_by_name() {
        let w = Worker::new(Path::new("/nonexistent/keyplan"), &["print-worker"]);
        let e = w.print(&job(Output::Pdf)).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/keyplan"), "{e}");
        assert!(matches!(e, PrintError::Unavailable { .. }));
    }
}
