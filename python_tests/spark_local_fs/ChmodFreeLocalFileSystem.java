package retraingate.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The tests' local file system for Spark: Hadoop's RawLocalFileSystem, which sets the mode of
 * each file and directory it creates by starting a `chmod` process when Hadoop's native library
 * is missing (as it is in pyspark's jars). A Spark build writes thousands of small partition
 * files, so this sets the mode through java.nio instead, in the same process.
 */
public class ChmodFreeLocalFileSystem extends RawLocalFileSystem {
  // FsPermission.toShort() bits 0..8, lowest first
  private static final PosixFilePermission[] BITS = {
    PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
    PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
    PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
    PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
    PosixFilePermission.OWNER_READ,
  };

  @Override
  public void setPermission(Path path, FsPermission permission) throws IOException {
    Set<PosixFilePermission> modes = EnumSet.noneOf(PosixFilePermission.class);
    short mode = permission.toShort();
    for (int bit = 0; bit < BITS.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        modes.add(BITS[bit]);
      }
    }
    Files.setPosixFilePermissions(pathToFile(path).toPath(), modes);
  }
}
