///usr/bin/env jbang "$0" "$@" ; exit $?
// The baseline of the warm-start figure in Throughput.java: a JBang script that only prints a line.

class print_only {
    public static void main(String[] args) {
        System.out.println("print only");
    }
}
