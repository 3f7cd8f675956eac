package jp.uketsuke;

import jp.uketsuke.audit.AuditVerifyCommand;
import jp.uketsuke.backup.BackupCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Uketsuke server: answers calls, keeps their records encrypted, serves the console and API. */
@SpringBootApplication
public class UketsukeApplication {

    public static void main(String[] args) {
        if (AuditVerifyCommand.requested(args)) {
            System.exit(AuditVerifyCommand.run(args, System.out));
        }
        if (BackupCommand.requested(args)) {
            System.exit(BackupCommand.run(args, System.out));
        }
        SpringApplication.run(UketsukeApplication.class, args);
    }
}
