package jp.uketsuke;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Uketsuke server: answers calls, keeps their records encrypted, serves the console and API. */
@SpringBootApplication
public class UketsukeApplication {

    public static void main(String[] args) {
        SpringApplication.run(UketsukeApplication.class, args);
    }
}
