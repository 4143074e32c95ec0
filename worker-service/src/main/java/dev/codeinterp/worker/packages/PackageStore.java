package dev.codeinterp.worker.packages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packages installed on this host, shared by its workers and mounted read-only into every sandbox. Laid out
 * under its root as:
 * <ul>
 *   <li>{@code store/<key>/}: one distribution with its dependencies, as {@code pip install --target} lays it out;
 *       the key is the SHA-256 of the {@link SandboxPython#flavour() Python it is for} and its normalised
 *       {@code name==version}, so a package and version is stored once for each Python. Sandboxes may enter
 *       {@code store/} but not list it;
 *   <li>{@code index/<flavour>/<name>}: which key was installed for a (normalised) distribution name;
 *   <li>{@code staging/}: installs in progress, each moved into {@code store/} by one rename once complete, so that
 *       nobody ever sees half an install;
 *   <li>{@code locks/<flavour>/<name>.lock}: held while a name is installed, by this worker or any other sharing
 *       the store (on one host, or on a shared volume);
 *   <li>{@code store-bytes}: the bytes in {@code store/}, checked and added to under {@code locks/store-bytes.lock}
 *       as each install is moved in, so that no install ever walks the whole store (slow on a network volume).
 * </ul>
 */
public final class PackageStore {

    private static final Logger log = LoggerFactory.getLogger(PackageStore.class);

    /** Staging directories older than this were left by a worker that stopped mid-install. */
    private static final Duration ABANDONED = Duration.ofHours(1);
    private static final Set<PosixFilePermission> ENTERABLE_BY_OTHERS = Set.of(PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_EXECUTE);
    /** The file locks of one JVM exclude other processes only: threads of this one take this lock first. */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path store;
    private final Path index;
    private final Path staging;
    private final Path locks;
    private final Path ledger;
    private final Path ledgerLock;
    private final long maxBytes;

    /** A store without a size limit. */
    public PackageStore(Path root) throws IOException {
        this(root, Long.MAX_VALUE);
    }

    /** @param maxBytes how big {@code store/} may grow: an install that would take it past this is refused */
    public PackageStore(Path root, long maxBytes) throws IOException {
        this.maxBytes = maxBytes;
        this.store = storeOf(root);
        this.index = root.resolve("index");
        this.staging = root.resolve("staging");
        this.locks = root.resolve("locks");
        this.ledger = root.resolve("store-bytes");
        this.ledgerLock = locks.resolve("store-bytes.lock");
        for (Path directory : List.of(root, store, index, staging, locks)) {
            Files.createDirectories(directory);
        }
        // sandboxes run as other users: they must be able to reach and read the store
        makeEnterableByOthers(root);
        makeSearchableButNotListable(store);
        removeAbandonedStaging();
    }

    /** The directory sandboxes mount: every installed distribution, by key. */
    public static Path storeOf(Path root) {
        return root.resolve("store");
    }

    /** PEP 503's normal form of a distribution name: lower case, each run of {@code -_.} one {@code -}. */
    public static String normalize(String distribution) {
        return distribution.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    /** The distribution installed for {@code distribution}'s name and {@code python}, if any worker installed it. */
    public Optional<InstalledPackage> find(SandboxPython python, String distribution) throws IOException {
        Path entry = index.resolve(python.flavour()).resolve(normalize(distribution));
        if (!Files.isRegularFile(entry)) {
            return Optional.empty();
        }
        String[] fields = Files.readString(entry, StandardCharsets.UTF_8).strip().split(" ");
        if (fields.length != 3 || !Files.isDirectory(store.resolve(fields[0]))) {
            return Optional.empty();
        }
        return Optional.of(new InstalledPackage(fields[1], fields[2], fields[0]));
    }

    /**
     * The distribution installed for {@code distribution}, installing it with {@code installer} unless this or
     * another worker of the host already has. One install per name at a time on the host: the others wait for it.
     */
    public InstalledPackage install(SandboxPython python, String distribution, PackageInstaller installer)
            throws IOException, PackageInstallException {
        String name = normalize(distribution);
        Path lockFile = Files.createDirectories(locks.resolve(python.flavour())).resolve(name + ".lock");
        return locked(lockFile, () -> {
            Optional<InstalledPackage> done = find(python, distribution);
            if (done.isPresent()) {
                return done.get();
            }
            long stored = locked(ledgerLock, this::storedBytes);
            if (stored >= maxBytes) { // spare pip a useless install
                throw new PackageInstallException(full(stored));
            }
            Path target = Files.createTempDirectory(staging, name + "-");
            try {
                installer.install(distribution, python, target);
                InstalledPackage installed = DistInfo.describe(distribution, python.flavour(), target);
                moveIntoStore(target, store.resolve(installed.key()));
                writeIndex(Files.createDirectories(index.resolve(python.flavour())), name, installed);
                return installed;
            } finally {
                deleteTree(target);
            }
        });
    }

    /**
     * Moves a complete install into the store, unless its key is stored already (before its index entry was lost:
     * that copy is kept), when it fits: the check and the count are one step for every worker sharing the store.
     */
    private void moveIntoStore(Path target, Path destination) throws IOException, PackageInstallException {
        long installing = bytesIn(target);
        locked(ledgerLock, () -> {
            if (Files.exists(destination)) {
                return null;
            }
            long stored = storedBytes();
            if (stored + installing > maxBytes) {
                throw new PackageInstallException("it takes " + megabytes(installing) + ", and " + full(stored));
            }
            makeReadable(target);
            Files.move(target, destination, StandardCopyOption.ATOMIC_MOVE);
            writeAtomically(ledger, Long.toString(stored + installing));
            return null;
        });
    }

    /**
     * The bytes in the store, from its ledger; a store without one (made before it) is measured once. Only under
     * {@link #ledgerLock}.
     */
    private long storedBytes() throws IOException {
        try {
            return Long.parseLong(Files.readString(ledger, StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException | NumberFormatException e) {
            long measured = bytesIn(store);
            writeAtomically(ledger, Long.toString(measured));
            return measured;
        }
    }

    /** What may be done under a lock. */
    @FunctionalInterface
    private interface Locked<T> {
        T run() throws IOException, PackageInstallException;
    }

    /** Runs {@code work} holding {@code lockFile}'s lock against every other worker, and this one's other threads. */
    private static <T> T locked(Path lockFile, Locked<T> work) throws IOException, PackageInstallException {
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(lockFile, path -> new ReentrantLock());
        inProcess.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            return work.run();
        } finally {
            inProcess.unlock();
        }
    }

    private String full(long stored) {
        return "the package store is full (" + megabytes(stored) + " of " + megabytes(maxBytes) + ")";
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /** The bytes of the regular files under {@code tree} (links not followed). */
    private static long bytesIn(Path tree) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            long total = 0;
            for (Path path : (Iterable<Path>) paths::iterator) {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (attributes.isRegularFile()) {
                    total += attributes.size();
                }
            }
            return total;
        }
    }

    /**
     * The SHA-256 (hex) of the Python's flavour and a distribution's normalised {@code name==version}: its directory in
     * the store.
     */
    static String keyOf(String flavour, String name, String version) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((flavour + " " + normalize(name) + "==" + version).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeIndex(Path index, String name, InstalledPackage installed) throws IOException {
        writeAtomically(index.resolve(name), installed.key() + " " + installed.name() + " " + installed.version()
                + "\n");
    }

    /** Replaces {@code file} by one rename: readers see the old text or the new, never part of it. */
    private static void writeAtomically(Path file, String text) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName() + "-", ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Lets other users list and enter {@code directory}, changing nothing when they can already: the root of a
     * volume is often not the worker's own (a claim's root gets only its group from the pod's fsGroup), and only its
     * owner may change its mode.
     */
    private static void makeEnterableByOthers(Path directory) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
        if (permissions.containsAll(ENTERABLE_BY_OTHERS)) {
            return;
        }
        permissions.addAll(ENTERABLE_BY_OTHERS);
        try {
            Files.setPosixFilePermissions(directory, permissions);
        } catch (IOException e) {
            throw new IOException("The sandboxes cannot enter the package store's " + directory + ", and the worker "
                    + "may not change that: make it readable and searchable by others (chmod o+rx)", e);
        }
    }

    /**
     * Lets other users (the sandboxes) enter {@code store/} but not list it: a program reaches the distributions its
     * job was given, by their keys, and cannot see what else other jobs had installed.
     */
    private static void makeSearchableButNotListable(Path store) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(store);
        Set<PosixFilePermission> wanted = new HashSet<>(permissions);
        wanted.addAll(Set.of(PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
        wanted.removeAll(Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ));
        if (wanted.equals(permissions)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(store, wanted);
        } catch (IOException e) {
            if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IOException("The sandboxes cannot enter the package store's " + store + ", and the worker "
                        + "may not change that: make it searchable by others (chmod o+x)", e);
            }
            log.warn("The package store's {} is not the worker's own: programs can list what it holds (chmod "
                    + "go-r to stop that)", store);
        }
    }

    /** Sandboxes (other users) must read every file and enter every directory, whatever the worker's umask. */
    private static void makeReadable(Path tree) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isSymbolicLink(path)) {
                    continue;
                }
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
                permissions.add(PosixFilePermission.OWNER_READ);
                permissions.add(PosixFilePermission.GROUP_READ);
                permissions.add(PosixFilePermission.OTHERS_READ);
                if (Files.isDirectory(path) || permissions.contains(PosixFilePermission.OWNER_EXECUTE)) {
                    permissions.add(PosixFilePermission.GROUP_EXECUTE);
                    permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                }
                Files.setPosixFilePermissions(path, permissions);
            }
        }
    }

    private void removeAbandonedStaging() throws IOException {
        Instant before = Instant.now().minus(ABANDONED);
        try (Stream<Path> entries = Files.list(staging)) {
            for (Path entry : entries.toList()) {
                FileTime modified = Files.getLastModifiedTime(entry);
                if (modified.toInstant().isBefore(before)) {
                    deleteTree(entry);
                }
            }
        }
    }

    private static void deleteTree(Path tree) throws IOException {
        if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
