package dev.flotilla.meta.heap;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Optional;

/**
 * The collector's soft heap limit ({@code -XX:SoftMaxHeapSize}, a manageable flag): the Z and Shenandoah collectors
 * collect to stay under it and return memory they no longer use to the system; the others ignore it.
 */
interface SoftHeapLimit {

    /** The limit now, in bytes. */
    long get();

    /** Sets the limit, in bytes (at most the maximum heap). */
    void set(long bytes);

    /** The heap in use right after the last collection of each heap pool, summed, in bytes. */
    long usedAfterLastCollection();

    /** This JVM's limit when its collector honours one and the flag can be set; empty otherwise. */
    static Optional<SoftHeapLimit> ofThisJvm() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (vm == null || !vm.getVMOption("SoftMaxHeapSize").isWriteable()
                    || !(flag(vm, "UseZGC") || flag(vm, "UseShenandoahGC"))) {
                return Optional.empty();
            }
            return Optional.of(new Jvm(vm));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty(); // not HotSpot, or no such flag
        }
    }

    private static boolean flag(HotSpotDiagnosticMXBean vm, String name) {
        try {
            return Boolean.parseBoolean(vm.getVMOption(name).getValue());
        } catch (IllegalArgumentException e) {
            return false; // a build without that collector
        }
    }

    /** {@link SoftHeapLimit} through the JVM's diagnostic bean. */
    record Jvm(HotSpotDiagnosticMXBean vm) implements SoftHeapLimit {

        @Override
        public long get() {
            return Long.parseLong(vm.getVMOption("SoftMaxHeapSize").getValue());
        }

        @Override
        public void set(long bytes) {
            vm.setVMOption("SoftMaxHeapSize", Long.toString(bytes));
        }

        @Override
        public long usedAfterLastCollection() {
            long used = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
                if (after != null) {
                    used += after.getUsed();
                }
            }
            return used;
        }
    }
}
