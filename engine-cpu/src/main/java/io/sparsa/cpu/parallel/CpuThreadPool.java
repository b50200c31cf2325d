package io.sparsa.cpu.parallel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fixed set of daemon worker threads for data-parallel loops. The calling thread takes part in
 * every loop, so {@code threads} threads work in all ({@code threads - 1} workers plus the
 * caller), and a loop started from inside another never waits on a busy pool: the caller can
 * finish every task on its own.
 */
public final class CpuThreadPool implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private final ExecutorService workers;
    private volatile boolean closed;

    /** A body over a half-open range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** A body for one task of a loop. */
    @FunctionalInterface
    public interface TaskBody {
        void run(int task);
    }

    public CpuThreadPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + threads);
        }
        this.threads = threads;
        if (threads == 1) {
            workers = null;
        } else {
            int pool = POOLS.incrementAndGet();
            AtomicInteger count = new AtomicInteger();
            workers = new ThreadPoolExecutor(threads - 1, threads - 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    r -> {
                        Thread t = new Thread(r, "sparsa-cpu-" + pool + "-" + count.incrementAndGet());
                        // Daemon: a forgotten backend must not keep the JVM alive.
                        t.setDaemon(true);
                        return t;
                    });
        }
    }

    /** Threads that work on a loop, the caller included. */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body.run(t)} for every {@code t} in {@code [0, tasks)} across the pool and
     * returns when all have finished. The first exception thrown by a task is rethrown here
     * (tasks not yet started are then skipped).
     */
    public void forEachTask(int tasks, TaskBody body) {
        ensureOpen();
        if (tasks <= 0) {
            return;
        }
        if (tasks == 1 || workers == null) {
            for (int t = 0; t < tasks; t++) {
                body.run(t);
            }
            return;
        }
        Job job = new Job(tasks, body);
        int helpers = Math.min(threads - 1, tasks - 1);
        try {
            for (int h = 0; h < helpers; h++) {
                workers.execute(job);
            }
        } catch (RejectedExecutionException e) {
            // The pool was closed meanwhile: the caller does the remaining work alone.
        }
        job.run();
        job.await();
    }

    /**
     * Splits {@code [0, n)} into at most {@link #threads()} ranges of at least {@code minGrain}
     * elements (one range when {@code n < 2 * minGrain}) and runs them across the pool.
     */
    public void forRange(int n, int minGrain, RangeBody body) {
        int parts = parts(n, minGrain);
        if (parts <= 1) {
            ensureOpen();
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        forEachTask(parts, t -> body.run(split(n, parts, t), split(n, parts, t + 1)));
    }

    /** How many ranges {@link #forRange} would use. */
    public int parts(int n, int minGrain) {
        return (int) Math.max(1, Math.min(threads, (long) n / Math.max(1, minGrain)));
    }

    /** Start of part {@code t} when {@code n} items are split into {@code parts} near-equal parts. */
    public static int split(int n, int parts, int t) {
        return (int) ((long) n * t / parts);
    }

    /** Stops the workers; loops started afterwards fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        closed = true;
        if (workers != null) {
            workers.shutdown();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the cpu backend has been closed");
        }
    }

    /** One loop: tasks are claimed from a shared counter by whichever thread gets there first. */
    private static final class Job implements Runnable {
        private final int tasks;
        private final TaskBody body;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch done;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(int tasks, TaskBody body) {
            this.tasks = tasks;
            this.body = body;
            this.done = new CountDownLatch(tasks);
        }

        @Override
        public void run() {
            int t;
            while ((t = next.getAndIncrement()) < tasks) {
                try {
                    if (failure.get() == null) {
                        body.run(t);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        }

        void await() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    // The tasks are running on other threads and use our arrays: wait for them anyway.
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable e = failure.get();
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            if (e instanceof Error) {
                throw (Error) e;
            }
            if (e != null) {
                throw new IllegalStateException(e);
            }
        }
    }
}
